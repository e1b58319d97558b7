import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from '../../src/cli/shell-quote.ts';

describe('shellQuote', () => {
  it('leaves plain words alone', () => {
    expect(shellJoin(['-p', 'work', 'exec', 'model=gpt-5.5', '/a/b'])).toBe('-p work exec model=gpt-5.5 /a/b');
  });

  it('quotes what a shell would read back exactly', () => {
    const args = ['', 'a b', "it's", 'a\nb', 'tab\there', '$HOME', '`x`', 'naïve ✓', '\\', '\u0001'];
    const script = `printf '%s\\0' ${args.map(shellQuote).join(' ')}`;
    const out = execFileSync('bash', ['-c', script]);
    expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(args);
  });
});
