// The floor under any analysis built on the JavaScript TypeScript that ts-morph embeds: load the compiler, parse every
// file of a tsconfig and bind it (create the type checker, which binds all files), and nothing else: no type is asked
// for, no diagnostic computed. It parses the way `pledge lint` does (no JSDoc, no parent pointers before binding), so
// lint's time minus this is what its own analysis costs, and this against `tsc 7` shows how fast lint could ever be.
// Prints the number of files as JSON on stdout.  Usage: node parse-bind-js.mjs <tsconfig.json>
import { createCompilerHostWithLibs } from '../../packages/analyzer/dist/index.js';
import { readTsconfig, ts } from './read-tsconfig.mjs';

const { parsed, options } = readTsconfig('parse-bind-js.mjs');
const host = createCompilerHostWithLibs(options, { jsDocParsingMode: ts.JSDocParsingMode.ParseNone, setParentNodes: false });
const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
program.getTypeChecker();
process.stdout.write(`${JSON.stringify({ version: ts.version, files: program.getSourceFiles().length })}\n`);
