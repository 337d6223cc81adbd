import type { LintDiagnostic } from './lint-diagnostic.js';

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/**
 * GitHub Actions workflow commands, one per finding (`::error file=…,line=…::message`), so findings show up as
 * annotations on the pull request.
 */
export function formatGithubAnnotations(diagnostics: readonly LintDiagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [`file=${property(d.file)}`, `line=${d.line}`, `col=${d.column}`];
      if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
      if (d.endColumn !== undefined && d.endLine === d.line) props.push(`endColumn=${d.endColumn}`);
      props.push(`title=${property(`pledge ${d.code}`)}`);
      const message = d.help ? `${d.message}\n${d.help}` : d.message;
      return `::${COMMAND[d.severity]} ${props.join(',')}::${data(message)}\n`;
    })
    .join('');
}

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
