// The serve benchmark's Markdown: the table, what it says about the cost of HTTP, and the BENCHMARKS.md section.

const BEGIN = '<!-- serve benchmark: begin (written by `pnpm bench`, bench/serve/run.mjs --write) -->';
const END = '<!-- serve benchmark: end -->';
const HEADING = '## Serve';

/** The results as a Markdown table, one row per way of asking, medians of the rounds. */
export function renderServeTable(results) {
  const decide = results.find((r) => r.id === 'decide');
  const lines = [
    '| what | clients | flows per call | calls/s | flows/s | p50 | p99 | `decide` ÷ this | CPU per flow | server CPU | client CPU | others |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.label} | ${r.clients ?? 'in-process'} | ${r.flowsPerCall} | ${rate(r.callsPerSecond)} | ${rate(r.flowsPerSecond)} | ${duration(r.p50)} | ${duration(r.p99)} | ${ratio(decide.flowsPerSecond / r.flowsPerSecond)} | ${micro(r.cpuPerFlowUs)} | ${share(r.serverCpuShare)} | ${share(r.clientCpuShare)} | ${share(r.othersShare)} |`,
    );
  }
  return lines.join('\n');
}

/** What the medians say about the cost of HTTP and of the decision log, as Markdown bullets. */
export function renderServeFindings(report) {
  const { results, settings, logged, machine } = report;
  const by = (id) => results.find((r) => r.id === id);
  const most = Math.max(...settings.concurrency);
  const least = Math.min(...settings.concurrency);
  const decide = by('decide');
  const [h1, h100] = [by('handler-1'), by('handler-100')];
  const [s1, s100] = [by(`http-1-c${most}`), by(`http-100-c${most}`)];
  const [c1, c100] = [by(`http-1-c${least}`), by(`http-100-c${least}`)];
  const [l1, l100] = [by(`log-1-c${most}`), by(`log-100-c${most}`)];
  const [b1, b100] = [by(`bare-1-c${most}`), by(`bare-100-c${most}`)];
  const lines = [
    `- **One flow per request, ${most} clients:** ${rate(s1.flowsPerSecond)} flows/s, ${fewer(decide.flowsPerSecond / s1.flowsPerSecond)} \`decide\` in-process. ` +
      `Each request costs the server ${micro(s1.cpuPerFlowUs)} of CPU; the same body through JSON and the engine in-process costs ${micro(h1.cpuPerFlowUs)}, ` +
      `of which the decision is ${micro(decide.cpuPerFlowUs)}: HTTP (node:http, the socket, the request id) is the other ${micro(s1.cpuPerFlowUs - h1.cpuPerFlowUs)}, ` +
      `${percent((s1.cpuPerFlowUs - h1.cpuPerFlowUs) / s1.cpuPerFlowUs)} of the total.`,
    `- **Batches of ${settings.batch}, ${most} clients:** ${rate(s100.flowsPerSecond)} flows/s, ${fewer(decide.flowsPerSecond / s100.flowsPerSecond)} \`decide\`, ` +
      `${ratio(s100.flowsPerSecond / s1.flowsPerSecond)} the flows/s of one flow per request. The server spends ${micro(s100.cpuPerFlowUs)} of CPU per flow, ` +
      `of which JSON and the engine take ${micro(h100.cpuPerFlowUs)}: a batch spreads the cost of HTTP over its flows` +
      (h100.cpuPerFlowUs > s100.cpuPerFlowUs / 2 ? ', and the JSON work becomes most of what the server does.' : ', yet HTTP is still most of what the server does.'),
    `- **Against a bare node:http server** doing the same work (bench/serve/bare-server.mjs: no routes, request ids, limits, log or reload), ${most} clients: ` +
      `server CPU ${micro(s1.cpuPerFlowUs)} per request for \`pledge serve\`, ${micro(b1.cpuPerFlowUs)} for the bare server; in batches ${micro(s100.cpuPerFlowUs)} and ${micro(b100.cpuPerFlowUs)} per flow.`,
    `- **${least === 1 ? 'One client' : `${least} clients`}, latency:** p50 ${duration(c1.p50)} (p99 ${duration(c1.p99)}) for one flow and ${duration(c100.p50)} (p99 ${duration(c100.p99)}) for ${settings.batch}, ` +
      `against ${duration(h1.p50)} and ${duration(h100.p50)} for the same bodies through JSON and the engine in-process.`,
    `- **Decision log (\`--log FILE\`), ${most} clients:** ${signed(l1.cpuPerFlowUs - s1.cpuPerFlowUs)} of server CPU per flow with one flow per request ` +
      `(${rate(l1.flowsPerSecond)} flows/s, ${fewer(s1.flowsPerSecond / l1.flowsPerSecond)} without the log), ` +
      `${signed(l100.cpuPerFlowUs - s100.cpuPerFlowUs)} per flow in batches (${rate(l100.flowsPerSecond)} flows/s, ${fewer(s100.flowsPerSecond / l100.flowsPerSecond)} without it)` +
      (logged.flows > 0 ? `; ${Math.round(logged.bytes / logged.flows)} bytes of log per decision` : '') +
      (machine.rss?.plain && machine.rss?.logging ? `; server memory (RSS) at the end ${mb(machine.rss.plain)} without the log, ${mb(machine.rss.logging)} with it.` : '.'),
    `- **Who was the bottleneck:** with one flow per request and ${most} clients the server used ${share(s1.serverCpuShare)} of a core and the clients ${share(s1.clientCpuShare)}` +
      ` (batches: ${share(s100.serverCpuShare)} and ${share(s100.clientCpuShare)}).`,
  ];
  return lines.join('\n');
}

/** The whole serve section of BENCHMARKS.md, markers included. */
export function renderServeSection(report) {
  const { machine, settings, command } = report;
  return [
    BEGIN,
    '',
    'Reproduce with `pnpm bench` at the repository root (it builds first; the serve part alone, after `pnpm build`: `pnpm --filter @pledge/bench bench:serve`).',
    '',
    `- **Date:** ${machine.date}`,
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; Node ${machine.node}; ${machine.priority}`,
    `- **Load average:** ${machine.loadAtStart.join(' ')} before the run, ${machine.loadAtEnd.join(' ')} at its end (1, 5, 15 minutes; the run itself keeps about two processes busy)` +
      (machine.others
        ? `; during the timed windows, everything but the benchmark and its servers took a median ${percent(machine.others.median)} of the machine's ${machine.cores} cores (at most ${percent(machine.others.max)})`
        : ''),
    `- **Tree:** ${machine.tree}; command: \`${command}\``,
    `- **Run:** ${settings.policy}, the engine benchmark's ${settings.flows.toLocaleString('en-US')} flows (seed ${settings.seed}) one at a time and in batches of ${settings.batch}; ` +
      `each row warmed up ${settings.warmupSeconds} s and timed ${settings.seconds} s, the rows taking turns for ${settings.rounds} rounds; every figure is the median of the rounds. ` +
      'Before timing, every server (`pledge serve` with and without the log, and the bare one) answered every flow, alone and in its batch, with the JSON of the in-process engine, byte for byte.',
    '',
    renderServeTable(report.results),
    '',
    renderServeFindings(report),
    '',
    '**How to read it.** Every row decides the same flows. The in-process rows run in the benchmark process: `decide` one flow at a time is the floor, ' +
      '`decideMany` takes a batch, and "JSON in, engine, JSON out" is what the server does with a request body apart from HTTP (decode, `JSON.parse`, ' +
      '`decideMany`, `JSON.stringify`). The HTTP rows send `POST /v1/decide` to `pledge serve` in its own process over keep-alive connections (node:http); ' +
      '"clients" is how many requests are in flight at once, each client sending its next request when its answer arrives. flows/s counts decisions, ' +
      'so a call with a batch of 100 counts 100. p50 and p99 are per call as the caller sees it: over HTTP, from sending the request to the last byte of ' +
      'the answer; for `decide`, the mean of 1,000 consecutive calls, as one call is too short to time alone. "`decide` ÷ this" is how many times ' +
      'fewer flows per second the row decides than `decide` in-process. "CPU per flow" is the CPU time (user + system) the server process used per ' +
      'decision (for in-process rows, the benchmark process): unlike flows/s it does not depend on which side was the bottleneck. "server CPU" and ' +
      '"client CPU" are shares of one core over the timed window; Node runs JavaScript on one thread, so a side near 100% limits the rate. ' +
      '"others" is the share of the whole machine (all cores) that went to anything else meanwhile: other processes, or other guests of the ' +
      'hypervisor (steal time); a row timed while others were busy decides fewer flows per second than it would on a quiet machine. The ' +
      'clients run on the same machine as the server and compete with it for the cores, so on a small machine the rows with many clients ' +
      'understate what a server with the machine to itself would answer; the CPU per flow is the figure to carry over.',
    '',
    END,
  ].join('\n');
}

/** BENCHMARKS.md with the serve section replaced by `section`, or added at the end under `## Serve`; the rest is kept. */
export function spliceServeSection(current, section) {
  if (current === undefined) return `# Benchmarks\n\n${HEADING}\n\n${section}\n`;
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin >= 0 && end > begin) return current.slice(0, begin) + section + current.slice(end + END.length);
  return `${current.replace(/\n*$/, '\n')}\n${HEADING}\n\n${section}\n`;
}

function rate(n) {
  if (n === undefined) return 'n/a';
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return Math.round(n).toLocaleString('en-US');
}

/** A duration given in milliseconds. */
function duration(ms) {
  if (ms === undefined) return 'n/a';
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 1e-3) return `${(ms * 1e3).toFixed(ms >= 0.1 ? 0 : 1)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

function micro(us) {
  if (us === undefined || Number.isNaN(us)) return 'n/a';
  return us >= 10 ? `${us.toFixed(1)} µs` : `${us.toFixed(2)} µs`;
}

function signed(us) {
  return us === undefined || Number.isNaN(us) ? 'n/a' : `${us >= 0 ? '+' : '−'}${micro(Math.abs(us))}`;
}

function ratio(x) {
  if (x === undefined || !Number.isFinite(x)) return 'n/a';
  return `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(x >= 10 ? 1 : 2)}×`;
}

/** `x` is how many times more the reference decides than the row: "3.2× fewer than", or the other way round. */
function fewer(x) {
  if (!Number.isFinite(x)) return 'n/a against';
  if (x >= 1.05) return `${ratio(x)} fewer than`;
  if (x <= 1 / 1.05) return `${ratio(1 / x)} more than`;
  return 'about as many as';
}

function share(x) {
  return x === undefined ? '—' : `${Math.round(x * 100)}%`;
}

function percent(x) {
  return Number.isFinite(x) ? `${Math.round(x * 100)}%` : 'n/a';
}

function mb(bytes) {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}
