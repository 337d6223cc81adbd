import { afterEach, beforeEach, vi } from 'vitest';

// A test that writes to the console is either debugging left behind or a command printing where it should not:
// either way it fails (output belongs in the Io a command is given).
let calls: string[] = [];
beforeEach(() => {
  calls = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void calls.push(`console.${method}: ${args.map(String).join(' ')}`));
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length) throw new Error(`the test wrote to the console:\n${calls.join('\n')}`);
});
