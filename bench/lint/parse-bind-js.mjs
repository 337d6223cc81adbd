// The floor under any analysis built on the JavaScript TypeScript that ts-morph embeds: load the compiler, parse every
// file of a tsconfig and bind it (create the type checker, which binds all files), and nothing else: no type is asked
// for, no diagnostic computed. It parses the way `pledge lint` does (no JSDoc, no parent pointers before binding), so
// lint's time minus this is what its own analysis costs, and this against `tsc 7` shows how fast lint could ever be.
// Prints the number of files as JSON on stdout.  Usage: node parse-bind-js.mjs <tsconfig.json>
import { createRequire } from 'node:module';
import { createCompilerHostWithLibs } from '../../packages/analyzer/dist/index.js';

const require = createRequire(new URL('../../packages/analyzer/package.json', import.meta.url));
const { ts } = require('@ts-morph/common');

const configPath = process.argv[2];
if (!configPath) {
  process.stderr.write('usage: node parse-bind-js.mjs <tsconfig.json>\n');
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
const host = createCompilerHostWithLibs(options, { jsDocParsingMode: ts.JSDocParsingMode.ParseNone, setParentNodes: false });
const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
program.getTypeChecker();
process.stdout.write(`${JSON.stringify({ version: ts.version, files: program.getSourceFiles().length })}\n`);
