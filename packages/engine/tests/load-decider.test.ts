import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDecider, PolicyLoadError } from '../src/index.js';
import { HEAD } from './fixtures/policies.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pledge-engine-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadDecider', () => {
  test('reads, checks and compiles a policy file', async () => {
    const file = join(dir, 'test.yaml');
    await writeFile(
      file,
      `${HEAD}use: [ { id: support, categories: [user.contact], purposes: [essential.service.support] } ]\n`,
    );
    const decider = await loadDecider(file);
    expect(decider.policy).toMatchObject({
      id: 'test',
      version: '2024-05-01',
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const d = decider.decide({ category: 'user.contact.email', purpose: 'essential.service.support' });
    expect(d).toMatchObject({ decision: 'allow', reasons: [{ rule: 'use/support', at: `${file}:3:8` }] });
  });

  test('rejects an invalid policy with its diagnostics', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(
      file,
      `${HEAD}use: [ { id: support, categories: [user.contct], purposes: [essential.service.support] } ]\n`,
    );
    const error: unknown = await loadDecider(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyLoadError);
    const diagnostics = (error as PolicyLoadError).diagnostics;
    expect(diagnostics.some((d) => d.code === 'PLG003' && d.severity === 'error' && d.line === 3)).toBe(true);
    expect((error as Error).message).toContain('PLG003');
  });

  test('rejects a missing file and a file that is not UTF-8, with a diagnostic', async () => {
    const missing: unknown = await loadDecider(join(dir, 'nope.yaml')).catch((e: unknown) => e);
    expect((missing as PolicyLoadError).diagnostics).toMatchObject([
      { code: 'PLG012', message: expect.stringContaining('ENOENT') },
    ]);
    const binary = join(dir, 'binary.yaml');
    await writeFile(binary, Buffer.from([0x70, 0x6c, 0xff, 0xfe, 0x0a]));
    const bad: unknown = await loadDecider(binary).catch((e: unknown) => e);
    expect((bad as PolicyLoadError).diagnostics).toMatchObject([{ code: 'PLG012' }]);
  });
});
