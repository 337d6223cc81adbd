#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { main } from './main.js';

// A reader that stops early (`pledge check … | head`) closes the pipe: stop quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  readStdin: async () => readFileSync(0, 'utf8'),
  cwd: process.cwd(),
  isTty: Boolean(process.stdout.isTTY),
};
process.exitCode = await main(process.argv.slice(2), io);
