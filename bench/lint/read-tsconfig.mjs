// What both JavaScript-compiler rows of the lint benchmark start from: the compiler ts-morph embeds, and a tsconfig
// read the way `tsc -p` reads it (exit 2 on a usage or config error).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/analyzer/package.json', import.meta.url));
export const { ts } = require('@ts-morph/common');

/** The parsed `tsconfig.json` named on the command line, with `noEmit` forced on. */
export function readTsconfig(script) {
  const configPath = process.argv[2];
  if (!configPath) {
    process.stderr.write(`usage: node ${script} <tsconfig.json>\n`);
    process.exit(2);
  }
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      process.stderr.write(`${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n`);
      process.exit(2);
    },
  });
  return { parsed, options: { ...parsed.options, noEmit: true } };
}
