// The least a decision server on node:http can do, as a reference for `pledge serve`: read the body, JSON.parse,
// decideMany, JSON.stringify, answer. No routes, request ids, limits, log or reload.
// Usage: node bench/serve/bare-server.mjs POLICY (from the repository root); prints where it listens on stderr,
// as `pledge serve` does, and stops on SIGTERM.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { compile } from '@pledge/engine';
import { formatDiagnostic, loadPolicy } from '@pledge/policy-spec';

const file = process.argv[2];
const { policy, diagnostics } = loadPolicy(readFileSync(file, 'utf8'), file);
if (!policy) {
  process.stderr.write(`${diagnostics.map(formatDiagnostic).join('\n')}\n`);
  process.exit(2);
}
const decider = compile(policy);

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const isBatch = Array.isArray(input);
    const decisions = decider.decideMany(isBatch ? input : [input]);
    const body = JSON.stringify(isBatch ? decisions : decisions[0]);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.stderr.write(`bare server: listening on http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
