import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CXRC_MAX_BYTES, findCxrc, findCxrcs, loadCxrcAt, parseCxrc, readCxrc, whyIgnored } from '../../src/config/cxrc.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';
import { tempDir } from '../helpers/cx-process.ts';

describe('findCxrc', () => {
  it('finds the nearest .cxrc walking up, or none', () => {
    const root = tempDir();
    const deep = join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    expect(findCxrc(deep)).toBeNull();
    writeFileSync(join(root, '.cxrc'), 'outer\n');
    expect(findCxrc(deep)).toBe(join(root, '.cxrc'));
    writeFileSync(join(root, 'a', '.cxrc'), 'inner\n');
    expect(findCxrc(deep)).toBe(join(root, 'a', '.cxrc'));
  });

  it('reports a symlink loop as a .cxrc that is there (and ignored), not as none', () => {
    const root = tempDir();
    symlinkSync(join(root, '.cxrc'), join(root, '.cxrc'));
    expect(findCxrc(root)).toBe(join(root, '.cxrc'));
    expect(cxErrorOf(() => readCxrc(join(root, '.cxrc'))).message).toMatch(/symlink that does not resolve/);
  });

  it('lists every .cxrc from the directory up, nearest first', () => {
    const root = tempDir();
    const deep = join(root, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(root, '.cxrc'), 'outer\n');
    writeFileSync(join(deep, '.cxrc'), 'inner\n');
    expect(findCxrcs(deep).filter((path) => path.startsWith(root))).toEqual([join(deep, '.cxrc'), join(root, '.cxrc')]);
  });
});

describe('parseCxrc', () => {
  it('reads a single bare word as the profile', () => {
    expect(parseCxrc('/r/.cxrc', '\n  bedrock \n')).toMatchObject({ profile: { value: 'bedrock', at: '/r/.cxrc:2' }, require: null });
  });

  it('reads TOML with a profile and restrictions', () => {
    const text = 'profile = "bedrock"\n\n[require]\nproviders = ["amazon-bedrock", "azure"]\nregions = ["eu-*"]\nfeatures_off = ["web_search"]\n';
    const cxrc = parseCxrc('/r/.cxrc', text);
    expect(cxrc.profile).toEqual({ value: 'bedrock', at: '/r/.cxrc:1' });
    expect(cxrc.require).toMatchObject({ providers: ['amazon-bedrock', 'azure'], regions: ['eu-*'], featuresOff: ['web_search'] });
    expect(cxrc.require?.at.regions).toBe('/r/.cxrc:5');
  });

  it('allows restrictions without a selection', () => {
    expect(parseCxrc('/r/.cxrc', '[require]\nproviders = ["openai"]\n')).toMatchObject({ profile: null, require: { providers: ['openai'], regions: null } });
  });

  it.each([
    ['a.b\n', /:1: a \.cxrc of one word names a profile/],
    ['profile = \n', /:1: not valid TOML/],
    ['profile = 1\n', /:1: `profile` must be a string/],
    ['profile = "../x"\n', /:1: the profile named on line 1 is not a valid profile name/],
    ['profile = "a"\nprovider = "b"\n', /:2: an unknown key \(known: profile/],
    ['[require]\nprovider = ["a"]\n', /:2: an unknown key under \[require\]/],
    ['[require]\nregions = "eu-*"\n', /:2: `require.regions` must be a list/],
    ['require = 3\n', /:1: `require` must be a table/],
    ['profile = "a"\nprofile = "b"\n', /:2: not valid TOML/],
  ])('rejects %j naming file and line', (text, message) => {
    const error = cxErrorOf(() => parseCxrc('/r/.cxrc', text));
    expect(error.status).toBe(EXIT.config);
    expect(error.message).toMatch(/^\/r\/\.cxrc/);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

describe('readCxrc', () => {
  it.each([
    ['binary', Buffer.from([0x70, 0x00, 0x71]), /binary data/],
    ['invalid UTF-8', Buffer.from([0x70, 0xff, 0xfe, 0x0a]), /not valid UTF-8/],
    ['huge', Buffer.alloc(CXRC_MAX_BYTES + 1, 0x61), /at most/],
  ])('refuses %s content', (_name, bytes, message) => {
    const path = join(tempDir(), '.cxrc');
    writeFileSync(path, bytes);
    expect(cxErrorOf(() => readCxrc(path)).message).toMatch(message);
  });

  it('refuses a directory or a device', () => {
    const dir = join(tempDir(), '.cxrc');
    mkdirSync(dir);
    expect(cxErrorOf(() => readCxrc(dir)).message).toMatch(/is a directory/);
    const link = join(tempDir(), '.cxrc');
    symlinkSync('/dev/zero', link);
    expect(cxErrorOf(() => readCxrc(link)).message).toMatch(/symlink leading out of its directory/);
  });
});

describe('files from a repository are data, never messages', () => {
  const TOKEN = 'https://x-access-token:ghs_SENTINELabcdef0123456789@github.com';
  it.each([
    ['one word', `${TOKEN}\n`],
    ['profile = TOKEN', `profile = "${TOKEN}"\n`],
    ['an unknown key named like a token', `ghs_SENTINELabcdef0123456789 = 1\n`],
    ['an unknown [require] key named like a token', `[require]\nghs_SENTINELabcdef0123456789 = ["x"]\n`],
  ])('a malformed .cxrc (%s) is refused naming file and line, never the text', (_label, text) => {
    const error = cxErrorOf(() => parseCxrc('/r/.cxrc', text));
    expect(error.message).toMatch(/^\/r\/\.cxrc:\d+: /);
    expect(error.message).not.toContain('ghs_');
    expect(error.message).not.toContain('x-access-token');
  });

  it('a symlink leaving its directory is ignored, naming the link, not the target', () => {
    const root = tempDir();
    const secret = join(root, 'home', '.git-credentials');
    mkdirSync(join(root, 'home'));
    mkdirSync(join(root, 'repo'));
    writeFileSync(secret, `${TOKEN}\n`);
    symlinkSync(secret, join(root, 'repo', '.cxrc'));
    const read = loadCxrcAt(join(root, 'repo', '.cxrc'));
    expect(read).toEqual({ ok: false, ignored: { path: join(root, 'repo', '.cxrc'), why: 'is a symlink leading out of its directory' } });
  });

  it('a symlink to a file inside its directory (or below) is read', () => {
    const root = tempDir();
    mkdirSync(join(root, 'conf'));
    writeFileSync(join(root, 'conf', 'cxrc'), '[require]\nproviders = ["openai"]\n');
    symlinkSync('conf/cxrc', join(root, '.cxrc'));
    expect(whyIgnored(join(root, '.cxrc'))).toBeNull();
    expect(readCxrc(join(root, '.cxrc')).require?.providers).toEqual(['openai']);
  });
});
