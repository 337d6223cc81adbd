import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The one direction of dependency (DESIGN.md): a package may depend only on packages to its left.
const ORDER = ['policy-spec', 'engine', 'codegen', 'analyzer', 'cli'];
const root = join(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).filter((name) => ORDER.includes(name));

function manifest(name: string): { name: string; dependencies?: Record<string, string>; exports?: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('workspace layout', () => {
  it.each(packages)('%s depends only on lower packages', (name) => {
    const deps = Object.keys(manifest(name).dependencies ?? {}).filter((d) => d.startsWith('@pledge/'));
    for (const dep of deps) {
      expect(ORDER.indexOf(dep.replace('@pledge/', '')), `${name} → ${dep}`).toBeLessThan(ORDER.indexOf(name));
    }
  });

  it.each(packages)('%s imports only declared @pledge packages, through their index', (name) => {
    const declared = new Set(Object.keys(manifest(name).dependencies ?? {}));
    for (const file of sourceFiles(join(root, 'packages', name, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const [, spec] of text.matchAll(/from '(@pledge\/[^']+)'/g)) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^@pledge\/[a-z-]+$/);
        expect(declared.has(spec!), `${file} imports undeclared ${spec}`).toBe(true);
      }
    }
  });

  it.each(packages)('%s exposes its source to tests and its build to users', (name) => {
    const entry = manifest(name).exports?.['.'] as Record<string, string>;
    expect(entry['@pledge/source']).toBe('./src/index.ts');
    expect(entry['default']).toBe('./dist/index.js');
  });

  it('the engine does not pull in ts-morph, codegen or the CLI (services embed it)', () => {
    const deps = Object.keys(manifest('engine').dependencies ?? {});
    expect(deps.filter((d) => d !== '@pledge/policy-spec')).toEqual([]);
  });
});
