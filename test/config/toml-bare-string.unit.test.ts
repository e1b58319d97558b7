// `default_profile = work` (a string without quotes): the error names file and line and says
// strings need quotes (src/config/toml-file.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareStringAt, readTomlFile } from '../../src/config/toml-file.ts';
import { EXIT } from '../../src/exit-status.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';

describe('bareStringAt', () => {
  it('key = word, with a word that is no other TOML value', () => {
    expect(bareStringAt('a = 1\ndefault_profile = work\n', 2)).toBe(true);
    expect(bareStringAt('model = gpt-5.5 # the model\n', 1)).toBe(true);
    expect(bareStringAt('[x]\n"quoted key" = bedrock\n', 2)).toBe(true);
  });

  it('not for booleans, inf/nan, quoted strings, numbers, or a line that is not key = value', () => {
    for (const line of ['a = true', 'a = false', 'a = inf', 'a = nan', 'a = "work"', 'a = 12', 'a = [work]', '[work]', 'work']) {
      expect(bareStringAt(line, 1), line).toBe(false);
    }
    expect(bareStringAt('a = 1\n', 5)).toBe(false);
  });
});

describe('readTomlFile', () => {
  it('default_profile = work: file, line and column, and that strings need quotes (78)', () => {
    const path = join(tempDir('cx-bare-'), 'config.toml');
    writeFileSync(path, '# cx\ndefault_profile = work\n');
    const error = cxErrorOf(() => readTomlFile(path, "cx's config"));
    expect(error.status).toBe(EXIT.config);
    expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: cx's config is not valid TOML: .*a string needs quotes: write key = "value", not key = value$`));
  });

  it('other syntax errors say nothing about quotes', () => {
    const path = join(tempDir('cx-bare-'), 'config.toml');
    writeFileSync(path, 'default_profile = "work\n');
    expect(cxErrorOf(() => readTomlFile(path, "cx's config")).message).not.toContain('quotes');
  });
});
