// `[require]` in a .cxrc (src/config/cxrc.ts): restrictions apply even untrusted, so a list cx
// cannot read exactly is refused rather than half applied.
import { describe, expect, it } from 'vitest';
import { parseCxrc } from '../../src/config/cxrc.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';

const P = '/r/.cxrc';

describe('[require] lists', () => {
  it.each([
    ['providers = [""]', 'providers', 2],
    ['regions = ["us-east-1", ""]', 'regions', 2],
    ['features_off = [1]', 'features_off', 2],
    ['providers = ["a", true]', 'providers', 2],
    ['providers = "openai"', 'providers', 2],
    ['regions = [["us-east-1"]]', 'regions', 2],
  ])('`%s` is refused (78), naming the file, line and key', (line, key, at) => {
    const error = cxErrorOf(() => parseCxrc(P, `[require]\n${line}\n`));
    expect(error.status).toBe(EXIT.config);
    expect(error.message).toBe(`${P}:${at}: \`require.${key}\` must be a list of non-empty strings`);
    expect(error.hint).toBe('fix or remove the .cxrc; restrictions in it apply even untrusted, so cx does not launch while it is unreadable');
  });

  it('a dotted key is found on its line', () => {
    expect(cxErrorOf(() => parseCxrc(P, 'profile = "w"\nrequire.regions = [""]\n')).message).toBe(`${P}:2: \`require.regions\` must be a list of non-empty strings`);
  });

  it('lists of names are kept as written, each with the line it is on; an empty list is a list', () => {
    const cxrc = parseCxrc(P, 'profile = "w"\n[require]\nproviders = ["amazon-bedrock"]\n\nregions = []\n');
    expect(cxrc.require).toEqual({ providers: ['amazon-bedrock'], regions: [], featuresOff: null, at: { providers: `${P}:3`, regions: `${P}:5`, features_off: P } });
    expect(cxrc.profile).toEqual({ value: 'w', at: `${P}:1` });
  });

  it('an unknown key, or a require that is not a table, is refused', () => {
    expect(cxErrorOf(() => parseCxrc(P, '[require]\nmodels = ["x"]\n')).message).toBe(`${P}:2: an unknown key under [require] (known: providers, regions, features_off)`);
    // The repository's own words are never echoed (issue 11).
    expect(cxErrorOf(() => parseCxrc(P, '[require]\nmodels = ["x"]\n')).message).not.toContain('models');
    expect(cxErrorOf(() => parseCxrc(P, 'require = 1\n')).message).toBe(`${P}:1: \`require\` must be a table ([require])`);
    expect(cxErrorOf(() => parseCxrc(P, 'x = 1\n')).message).toBe(`${P}:1: an unknown key (known: profile, [require])`);
  });
});

describe('profile', () => {
  it('one word, anywhere after blank lines: that profile, on its line', () => {
    expect(parseCxrc(P, '\n\n  work  \n').profile).toEqual({ value: 'work', at: `${P}:3` });
    expect(parseCxrc(P, '\n\n  work  \n').require).toBeNull();
  });
  it('an empty file names nothing', () => {
    expect(parseCxrc(P, '')).toEqual({ path: P, content: '', profile: null, require: null });
    expect(parseCxrc(P, '# only a comment\n').profile).toBeNull();
  });
  it('an invalid name, a non-string profile, and bad TOML are refused with their line', () => {
    expect(cxErrorOf(() => parseCxrc(P, '\n../x\n')).message).toMatch(new RegExp(`^${P}:2: a \\.cxrc of one word names a profile`));
    expect(cxErrorOf(() => parseCxrc(P, '\n../x\n')).message).not.toContain('../x');
    expect(cxErrorOf(() => parseCxrc(P, 'profile = 3\n')).message).toBe(`${P}:1: \`profile\` must be a string`);
    expect(cxErrorOf(() => parseCxrc(P, 'profile = "a b"\n')).message).toMatch(new RegExp(`^${P}:1: `));
    expect(cxErrorOf(() => parseCxrc(P, 'profile = \n')).message).toMatch(new RegExp(`^${P}:1: not valid TOML: `));
  });
});
