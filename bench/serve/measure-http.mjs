// Load for `pledge serve` from node:http keep-alive clients, and the same work timed in-process.
import { Agent, request } from 'node:http';

/**
 * A server to send decisions to: its port and a keep-alive agent with up to `maxSockets` connections, so that
 * every request after the first ones reuses a connection, as a service's client does. `reconnect()` drops the
 * connections: one left idle past the server's keep-alive timeout (5 s) could be closed by the server just as
 * it is reused, and the request would fail.
 */
export function createTarget(port, maxSockets) {
  const target = {
    port,
    agent: new Agent({ keepAlive: true, maxSockets }),
    reconnect() {
      target.agent.destroy();
      target.agent = new Agent({ keepAlive: true, maxSockets });
    },
  };
  return target;
}

/** POSTs `body` (a Buffer of JSON) to `/v1/decide`; resolves with the response text, rejects unless 200. */
export function postDecide(target, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: target.agent,
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: '/v1/decide',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) resolve(text);
          else reject(new Error(`POST /v1/decide answered ${res.statusCode}: ${text.slice(0, 500)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Closed-loop load: `concurrency` clients each send a request, wait for its answer and send the next, cycling
 * through `bodies` ({ bytes, flows }), until `ms` milliseconds have passed; requests in flight then finish and
 * count. Latency is from sending a request to the end of its response, in milliseconds.
 */
export async function driveHttp(target, bodies, concurrency, ms) {
  const latencies = [];
  let next = 0;
  let flows = 0;
  const start = performance.now();
  const deadline = start + ms;
  const client = async () => {
    while (performance.now() < deadline) {
      const body = bodies[next++ % bodies.length];
      const sent = performance.now();
      await postDecide(target, body.bytes);
      latencies.push(performance.now() - sent);
      flows += body.flows;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { requests: latencies.length, flows, seconds: (performance.now() - start) / 1000, latencies };
}

/**
 * Times `call(input)` in-process, cycling through `inputs` ({ input, flows }), for `ms` milliseconds. Calls of a
 * microsecond or less are timed `group` at a time (reading the clock costs tens of nanoseconds), and each latency
 * is then the mean of its group; with `group` 1 every call is timed alone.
 */
export function driveInProcess(call, inputs, group, ms) {
  const latencies = [];
  let next = 0;
  let flows = 0;
  let calls = 0;
  let kept = 0;
  const start = performance.now();
  const deadline = start + ms;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    for (let i = 0; i < group; i++) {
      const { input, flows: n } = inputs[next++ % inputs.length];
      // Keep a result so the work cannot be optimised away.
      kept += call(input);
      flows += n;
    }
    latencies.push((performance.now() - t0) / group);
    calls += group;
  }
  if (kept < 0) throw new Error('unreachable: results are counts');
  return { requests: calls, flows, seconds: (performance.now() - start) / 1000, latencies };
}
