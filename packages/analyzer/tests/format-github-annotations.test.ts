import { describe, expect, it } from 'vitest';
import { formatGithubAnnotations } from '../src/format-github-annotations.js';

describe('formatGithubAnnotations', () => {
  it('writes one workflow command per finding, escaping data and properties', () => {
    const out = formatGithubAnnotations([
      { code: 'PLL001', severity: 'error', file: 'src/a,b.ts', line: 3, column: 7, endLine: 3, endColumn: 9, message: '100% denied: `x`', help: 'line\ntwo' },
      { code: 'PLL002', severity: 'warning', file: 'src/c.ts', line: 1, column: 1, message: 'maybe' },
      { code: 'PLL104', severity: 'note', file: 'pledge.config.yaml', line: 5, column: 9, message: 'unused' },
    ]);
    expect(out.split('\n')).toEqual([
      '::error file=src/a%2Cb.ts,line=3,col=7,endLine=3,endColumn=9,title=pledge PLL001::100%25 denied: `x`%0Aline%0Atwo',
      '::warning file=src/c.ts,line=1,col=1,title=pledge PLL002::maybe',
      '::notice file=pledge.config.yaml,line=5,col=9,title=pledge PLL104::unused',
      '',
    ]);
  });
});
