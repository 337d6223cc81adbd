import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { describeMachine } from '../engine/describe-machine.js';

describe('describeMachine', () => {
  test('names the processor, the cores, Node, the date and the commit', () => {
    const machine = describeMachine(fileURLToPath(new URL('../../', import.meta.url)));
    expect(machine.cpu.length).toBeGreaterThan(0);
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
    expect(machine.date.length).toBeGreaterThan(0);
    expect(machine.loadAverage).toBeGreaterThanOrEqual(0);
    expect(machine.commit.length).toBeGreaterThan(0);
  });
});
