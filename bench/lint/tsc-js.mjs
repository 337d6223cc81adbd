// `tsc --noEmit -p <tsconfig>` with the JavaScript TypeScript that ts-morph embeds (@ts-morph/common), so the benchmark
// compares pledge lint with the compiler it is built on. Like the tsc command line, it parses JSDoc only where types
// need it (JavaScript files). The standard library comes from ts-morph's copy, as it does for lint.
// Prints the number of files and diagnostics as JSON on stdout.
import { createCompilerHostWithLibs } from '../../packages/analyzer/dist/index.js';
import { readTsconfig, ts } from './read-tsconfig.mjs';

const { parsed, options } = readTsconfig('tsc-js.mjs');
// Like tsc, parse without setting parent pointers: the binder sets them.
const host = createCompilerHostWithLibs(options, { jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors, setParentNodes: false });
const program = ts.createProgram({ rootNames: parsed.fileNames, options, host, projectReferences: parsed.projectReferences });
const diagnostics = ts.getPreEmitDiagnostics(program);
process.stdout.write(`${JSON.stringify({ version: ts.version, files: parsed.fileNames.length, diagnostics: diagnostics.length })}\n`);
