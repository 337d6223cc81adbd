import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { createCompilerHostWithLibs } from '../src/create-compiler-host.js';

describe('createCompilerHostWithLibs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pledge-host-'));
  const file = join(dir, 'a.ts');
  writeFileSync(file, '/** @deprecated old */\nexport const n: number = [1, 2].map((x) => x * 2).reduce((a, b) => a + b, 0);\nexport const s: string = n;\n');
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], strict: true, noEmit: true };

  it('serves the standard library that ts-morph ships, so library types resolve', () => {
    const program = ts.createProgram({ rootNames: [file], options, host: createCompilerHostWithLibs(options) });
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith('/lib.es5.d.ts'))).toBe(true);
    const messages = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    // The only error is the deliberate one: `map` and `reduce` exist, so nothing else is reported.
    expect(messages).toEqual(["Type 'number' is not assignable to type 'string'."]);
  });

  it('skips JSDoc when asked, and serves texts it was given without reading the disk', () => {
    const texts = new Map([[join(dir, 'b.ts'), '/** @pledge user.name */\nexport const b = 1;\n']]);
    const host = createCompilerHostWithLibs(options, { jsDocParsingMode: ts.JSDocParsingMode.ParseNone, texts });
    const program = ts.createProgram({ rootNames: [file, join(dir, 'b.ts')], options, host });
    const b = program.getSourceFile(join(dir, 'b.ts'))!;
    expect(b.text).toContain('@pledge user.name');
    const statement = b.statements[0]!;
    expect(ts.getJSDocTags(statement)).toEqual([]);
  });

  it('can leave parent pointers to the binder, and knows the files it was given exist', () => {
    const texts = new Map([[join(dir, 'c.ts'), 'export const c = [1].map((x) => x + 1);\n']]);
    const host = createCompilerHostWithLibs(options, { texts, setParentNodes: false });
    expect(host.fileExists(join(dir, 'c.ts'))).toBe(true);
    const program = ts.createProgram({ rootNames: [join(dir, 'c.ts')], options, host });
    const c = program.getSourceFile(join(dir, 'c.ts'))!;
    const declaration = (c.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
    expect(declaration.initializer!.parent).toBeUndefined();
    program.getTypeChecker();
    expect(declaration.initializer!.parent).toBe(declaration);
  });
});
