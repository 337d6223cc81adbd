#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { main } from './main.js';

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  readStdin: async () => readFileSync(0, 'utf8'),
  cwd: process.cwd(),
  isTty: Boolean(process.stdout.isTTY),
};
process.exitCode = await main(process.argv.slice(2), io);
