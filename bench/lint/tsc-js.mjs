// `tsc --noEmit -p <tsconfig>` with the JavaScript TypeScript that ts-morph embeds (@ts-morph/common), so the benchmark
// compares pledge lint with the compiler it is built on. Like the tsc command line, it parses JSDoc only where types
// need it (JavaScript files). The standard library comes from ts-morph's copy, as it does for lint.
// Prints the number of files and diagnostics as JSON on stdout.
import { createRequire } from 'node:module';
import { createCompilerHostWithLibs } from '../../packages/analyzer/dist/index.js';

const require = createRequire(new URL('../../packages/analyzer/package.json', import.meta.url));
const { ts } = require('ts-morph');

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write('usage: node tsc-js.mjs <tsconfig.json>\n');
  process.exit(2);
}
const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    process.stderr.write(`${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n`);
    process.exit(2);
  },
});
const options = { ...parsed.options, noEmit: true };
// Like tsc, parse without setting parent pointers: the binder sets them.
const host = createCompilerHostWithLibs(options, { jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors, setParentNodes: false });
const program = ts.createProgram({ rootNames: parsed.fileNames, options, host, projectReferences: parsed.projectReferences });
const diagnostics = ts.getPreEmitDiagnostics(program);
process.stdout.write(`${JSON.stringify({ version: ts.version, files: parsed.fileNames.length, diagnostics: diagnostics.length })}\n`);
