export { main, COMMANDS } from './main.js';
export type { Command } from './main.js';
export { ExitCode, UsageError } from './io.js';
export type { Io } from './io.js';
