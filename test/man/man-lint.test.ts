import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cx-process.ts';

const pages = readdirSync(join(ROOT, 'man')).filter((name) => /\.\d$/.test(name));

describe('man pages', () => {
  it('exist', () => {
    expect(pages).toContain('cx.1');
  });

  it.each(pages)('%s is clean under mandoc -T lint -W warning', (page) => {
    // mandoc exits non-zero on any warning; its output names the problem.
    const output = execFileSync('mandoc', ['-T', 'lint', '-W', 'warning', join(ROOT, 'man', page)], { encoding: 'utf8' });
    expect(output).toBe('');
  });
});
