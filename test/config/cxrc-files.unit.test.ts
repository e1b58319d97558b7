// Which .cxrc files cx reads (src/config/cxrc.ts): ownership and symlinks, as the filesystem has
// them (files made here; owners set with chown, as these tests run as root on CI and the dev box,
// and skipped otherwise), and how a malformed one is named.
import { chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CXRC_MAX_BYTES, parseCxrc, readCxrc, whyIgnored } from '../../src/config/cxrc.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';
import { tempDir } from '../helpers/cx-process.ts';

const asRoot = process.getuid?.() === 0;
const OTHER_UID = 4242;

describe('symlinks', () => {
  it('a link to its own directory stays inside it (not ignored; reading it then fails)', () => {
    const root = tempDir('cx-cxrc-self-');
    symlinkSync('.', join(root, '.cxrc'));
    expect(whyIgnored(join(root, '.cxrc'))).toBeNull();
  });
  it('a link into a sibling directory whose name starts with this one\'s leads out of it', () => {
    const root = tempDir('cx-cxrc-sib-');
    mkdirSync(join(root, 'repo'));
    mkdirSync(join(root, 'repo-other'));
    writeFileSync(join(root, 'repo-other', 'f'), 'profile = "w"\n');
    symlinkSync(join(root, 'repo-other', 'f'), join(root, 'repo', '.cxrc'));
    expect(whyIgnored(join(root, 'repo', '.cxrc'))).toBe('is a symlink leading out of its directory');
  });
  it('a dangling link says why it does not resolve', () => {
    const root = tempDir('cx-cxrc-dangle-');
    symlinkSync(join(root, 'gone'), join(root, '.cxrc'));
    expect(whyIgnored(join(root, '.cxrc'))).toBe('is a symlink that does not resolve (ENOENT)');
  });
  it('an ignored .cxrc is refused with what to do instead', () => {
    const root = tempDir('cx-cxrc-refuse-');
    symlinkSync(join(root, 'gone'), join(root, '.cxrc'));
    const error = cxErrorOf(() => readCxrc(join(root, '.cxrc')));
    expect(error.status).toBe(EXIT.denied);
    expect(error.hint).toBe('replace it with a regular file of your own inside the repository');
  });
});

describe.skipIf(!asRoot)('ownership (as root: files chowned to another user)', () => {
  it('a file of another user is ignored; root\'s own is read', () => {
    const root = tempDir('cx-cxrc-owner-');
    const path = join(root, '.cxrc');
    writeFileSync(path, 'profile = "w"\n');
    expect(whyIgnored(path)).toBeNull();
    chownSync(path, OTHER_UID, OTHER_UID);
    expect(whyIgnored(path)).toBe(`is owned by another user (uid ${OTHER_UID}), neither you nor root`);
  });
  it('a link of our own to a file of another user inside the directory is ignored', () => {
    const root = tempDir('cx-cxrc-linkowner-');
    writeFileSync(join(root, 'real'), 'profile = "w"\n');
    chownSync(join(root, 'real'), OTHER_UID, OTHER_UID);
    symlinkSync('real', join(root, '.cxrc'));
    expect(whyIgnored(join(root, '.cxrc'))).toBe(`is a symlink to a file owned by another user (uid ${OTHER_UID}), neither you nor root`);
  });
});

describe('how a malformed .cxrc is named', () => {
  const P = '/r/.cxrc';
  it('bad TOML: the parser\'s first line only, without its "Invalid TOML document" prefix', () => {
    expect(cxErrorOf(() => parseCxrc(P, 'profile = \n')).message).toBe(`${P}:1: not valid TOML: invalid value`);
  });
  it('a file too large to be a .cxrc: named without a line', () => {
    const root = tempDir('cx-cxrc-big-');
    writeFileSync(join(root, '.cxrc'), `# ${'x'.repeat(CXRC_MAX_BYTES)}\n`);
    expect(cxErrorOf(() => readCxrc(join(root, '.cxrc'))).message).toMatch(new RegExp(`^${join(root, '.cxrc')}: `));
  });
  it('features_off is placed on its line', () => {
    expect(parseCxrc(P, '[require]\nfeatures_off = ["web_search"]\n').require?.at.features_off).toBe(`${P}:2`);
  });
});
