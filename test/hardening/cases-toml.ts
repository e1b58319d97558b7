// Bad TOML inputs cx must read: codex's config.toml, a selected profile file, cx's config and a
// .cxrc. Generated: every file oddity and every syntax error against every file; then the wrong
// types, duplicates, nesting and sizes each file can have. (test/config/malformed-files.test.ts and
// test/select/hostile-cxrc.test.ts hold other cases; none is repeated here.)
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/exit-status.ts';
import { grantTrust } from '../../src/config/trust-store.ts';
import { type BadInputCase, type Box, type Expect, type Oddity, UNREADABLE_SKIP, plant, write } from './harness.ts';

interface Target {
  kind: string;
  /** Short label for case names. */
  label: string;
  path: (b: Box) => string;
  argv?: string[];
  env?: (b: Box) => Record<string, string>;
  /** The most cx reads of this file. */
  maxBytes: number;
  /** Writes a valid file around `body` when the target needs more than the body (none do yet). */
}

const CODEX_CONFIG: Target = { kind: 'codex config.toml', label: 'config.toml', path: (b) => join(b.codexHome, 'config.toml'), maxBytes: 4 * 1024 * 1024 };
const PROFILE_FILE: Target = { kind: 'profile file', label: 'work.config.toml (+work)', path: (b) => join(b.codexHome, 'work.config.toml'), argv: ['+work', 'exec', 'hi'], maxBytes: 4 * 1024 * 1024 };
const CX_CONFIG: Target = { kind: 'cx config', label: '$CX_CONFIG', path: (b) => b.cxConfig, maxBytes: 4 * 1024 * 1024 };
const CXRC: Target = { kind: '.cxrc', label: '.cxrc', path: (b) => join(b.repo, '.cxrc'), maxBytes: 64 * 1024 };
const TARGETS: readonly Target[] = [CODEX_CONFIG, PROFILE_FILE, CX_CONFIG, CXRC];

const refused = (file: string, message: RegExp, line?: number): Expect => ({ status: EXIT.config, file, message, ...(line === undefined ? {} : { line }) });

// ---------------------------------------------------------------------------------------------
// Files that are not readable text files.

const ODDITIES: readonly { oddity: Oddity; message: RegExp }[] = [
  { oddity: 'directory', message: /is a directory, not a file/ },
  { oddity: 'dir-symlink', message: /is a directory, not a file/ },
  { oddity: 'fifo', message: /named pipe/ },
  { oddity: 'symlink-loop', message: /symlink loop/ },
  { oddity: 'symlink-loop-2', message: /symlink loop/ },
  { oddity: 'dev-zero', message: /not a regular file/ },
  { oddity: 'dev-urandom', message: /not a regular file/ },
  { oddity: 'unreadable', message: /not readable/ },
];

/** Symlinks out of the directory or that do not resolve: cx ignores such a .cxrc (cxrc.ts whyIgnored). */
const IGNORED_CXRC: ReadonlySet<Oddity> = new Set(['dir-symlink', 'symlink-loop', 'symlink-loop-2', 'dev-zero', 'dev-urandom']);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Already in malformed-files.test.ts / hostile-cxrc.test.ts. */
const COVERED = new Set(['config.toml directory', '$CX_CONFIG directory', '.cxrc directory', '.cxrc fifo', '.cxrc symlink-loop', '.cxrc symlink-loop-2', '.cxrc dev-zero']);

const oddityCases: BadInputCase[] = TARGETS.flatMap((target) =>
  ODDITIES.filter(({ oddity }) => !COVERED.has(`${target.label.split(' ')[0]} ${oddity}`)).map(({ oddity, message }): BadInputCase => ({
    kind: target.kind,
    name: `${target.label} is ${oddity}`,
    ...(target.argv ? { argv: target.argv } : {}),
    ...(oddity === 'unreadable' ? { skip: UNREADABLE_SKIP } : {}),
    setup: (b) => {
      const path = plant(target.path(b), oddity);
      // A .cxrc that is a symlink leaving its directory (or not resolving) is ignored, with a warning naming it.
      if (target === CXRC && IGNORED_CXRC.has(oddity)) return { status: 0, warnings: [new RegExp(`^cx: warning: ${escape(path)} is a symlink`)], argv: ['exec', 'hi'] };
      return refused(path, message);
    },
  })),
);

const CONTENT_ODDITIES: readonly { label: string; bytes: (max: number) => Buffer; message: RegExp }[] = [
  { label: 'a NUL byte in a comment', bytes: () => Buffer.from('# a\0b\nmodel = "m"\n'), message: /NUL/ },
  { label: 'invalid UTF-8 in a string', bytes: () => Buffer.from('x = "\xc3\x28"\n', 'latin1'), message: /UTF-8/ },
  { label: 'an ELF binary', bytes: () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x3e, 0x00]), message: /NUL/ },
  { label: 'UTF-16 with a byte-order mark', bytes: () => Buffer.from('\ufeffmodel = "m"\n', 'utf16le'), message: /NUL|UTF-8/ },
  { label: 'one byte over the size limit', bytes: (max) => Buffer.concat([Buffer.from('# big\n'), Buffer.alloc(max - 5, 0x23)]), message: /at most/ },
];

const contentCases: BadInputCase[] = TARGETS.flatMap((target) =>
  CONTENT_ODDITIES.map(({ label, bytes, message }): BadInputCase => ({
    kind: target.kind,
    name: `${target.label} holds ${label}`,
    ...(target.argv ? { argv: target.argv } : {}),
    setup: (b) => refused(write(target.path(b), bytes(target.maxBytes)), message),
  })),
);

// ---------------------------------------------------------------------------------------------
// Syntax errors, each after two lines of padding, with the line smol-toml (and cx) names.

const SYNTAX: readonly { label: string; text: string; line: number }[] = [
  { label: 'an unclosed array-of-tables header', text: '[[t]\n', line: 3 },
  { label: 'an unclosed multi-line string', text: 'a = """x\n\n', line: 3 },
  { label: 'an unclosed literal string', text: "a = 'x\n", line: 3 },
  { label: 'an unknown escape', text: 'a = "\\q"\n', line: 3 },
  { label: 'a bare word as a value', text: 'a = hello\n', line: 3 },
  { label: 'a key with no =', text: 'a "x"\n', line: 3 },
  { label: 'two values on a line', text: 'a = 1 2\n', line: 3 },
  { label: 'an unclosed array', text: 'a = [1, 2\n', line: 4 },
  { label: 'an unclosed inline table', text: 'a = {x = 1\n', line: 4 },
  { label: 'a table defined twice', text: '[t]\nx = 1\n[t]\ny = 2\n', line: 5 },
  { label: 'a key redefined as a table', text: 'a = 1\n[a]\nb = 1\n', line: 4 },
  { label: 'a dotted key over a value', text: 'a.b = 1\na.b.c = 2\n', line: 4 },
  { label: 'a raw control character in a string', text: 'a = "x\x01y"\n', line: 3 },
  { label: 'a lone carriage return', text: 'a = 1\rb = 2\n', line: 3 },
  { label: 'a leading zero', text: 'a = 012\n', line: 3 },
  { label: 'an impossible date', text: 'a = 2024-13-45\n', line: 3 },
  { label: 'an array of tables over an array', text: 'a = [1]\n[[a]]\n', line: 4 },
  { label: 'a lone ]', text: ']\n', line: 3 },
];

const syntaxCases: BadInputCase[] = SYNTAX.flatMap(({ label, text, line }, i) =>
  // Each target gets most fragments; the rotation keeps the corpus varied rather than square.
  TARGETS.filter((_, t) => (i + t) % 4 !== 3).map((target): BadInputCase => ({
    kind: target.kind,
    name: `${target.label}: ${label}`,
    ...(target.argv ? { argv: target.argv } : {}),
    setup: (b) => refused(write(target.path(b), `# pad\n\n${text}`), /not valid TOML/, line),
  })),
);

// ---------------------------------------------------------------------------------------------
// Valid TOML, wrong shape.

const cxConfigCase = (name: string, text: string, line: number, message: RegExp): BadInputCase => ({
  kind: 'cx config',
  name,
  setup: (b) => refused(write(b.cxConfig, text), message, line),
});

const cxConfigShapes: BadInputCase[] = [
  cxConfigCase('default_profile = true', '# cx\ndefault_profile = true\n', 2, /default_profile/),
  cxConfigCase('default_profile = ["work"]', 'default_profile = ["work"]\n', 1, /default_profile/),
  cxConfigCase('default_profile is a date', '\n\ndefault_profile = 1979-05-27\n', 3, /default_profile/),
  cxConfigCase('default_profile is a table', '[default_profile]\nname = "work"\n', 1, /default_profile/),
  cxConfigCase('default_profile with a space', 'default_profile = "work profile"\n', 1, /not valid/),
  cxConfigCase('default_profile empty', '\ndefault_profile = ""\n', 2, /empty name/),
  cxConfigCase('default_profile non-ASCII', 'default_profile = "wörk"\n', 1, /not valid/),
  cxConfigCase('default_profile with escape sequences', 'default_profile = "\\u001b[2Jx"\n', 1, /not valid/),
  cxConfigCase('codex_bin = 42', 'codex_bin = 42\n', 1, /codex_bin/),
  cxConfigCase('codex_bin = ["x"]', '\ncodex_bin = ["/bin/x"]\n', 2, /codex_bin/),
  cxConfigCase('rules is a string', 'rules = "x"\n', 1, /rules/),
  cxConfigCase('rules is a table', '[rules]\nprofile = "work"\n', 1, /rules/),
  { ...cxConfigCase('rules is a list of numbers', 'rules = [1, 2]\n', 1, /rule 1/) },
  cxConfigCase('a rule whose profile is a number', '[[rules]]\nprofile = 3\n', 1, /profile/),
  cxConfigCase('a rule whose profile is empty', '\n[[rules]]\nprofile = ""\n', 2, /empty name/),
  cxConfigCase('a rule whose git_remote is a number', '[[rules]]\nprofile = "work"\ngit_remote = 7\n', 1, /git_remote/),
  cxConfigCase('a rule with tty = "false"', '[[rules]]\nprofile = "work"\ntty = "false"\n', 1, /tty/),
  cxConfigCase('a rule with an empty path', '[[rules]]\nprofile = "work"\npath = ""\n', 1, /path/),
  cxConfigCase('a second rule with a numeric path', '[[rules]]\nprofile = "work"\nci = true\n\n[[rules]]\nprofile = "work"\npath = 5\n', 5, /rule 2/),
  cxConfigCase('fallbacks is a list', 'fallbacks = []\n', 1, /fallbacks/),
  cxConfigCase('an unknown key in another case', 'Default_Profile = "work"\n', 1, /Default_Profile/),
  cxConfigCase('an unknown key with a dash', '\n\ncodex-bin = "/bin/x"\n', 3, /codex-bin/),
  cxConfigCase('default_profile written twice', 'default_profile = "work"\ndefault_profile = "personal"\n', 2, /not valid TOML/),
  cxConfigCase('[fallbacks] written twice', '[fallbacks]\nwork = ["personal"]\n[fallbacks]\npersonal = ["work"]\n', 3, /not valid TOML/),
  {
    kind: 'cx config',
    name: 'default_profile names a profile that does not exist (listing those that do)',
    setup: (b) => {
      write(b.cxConfig, '# mine\ndefault_profile = "nope"\n');
      return { status: EXIT.config, message: /profile nope .*does not exist.*bed, gw, personal, work/ };
    },
  },
  {
    kind: 'cx config',
    name: 'default_profile of 300 letters (valid, missing)',
    setup: (b) => {
      write(b.cxConfig, `default_profile = "${'x'.repeat(300)}"\n`);
      return { status: EXIT.config, message: /does not exist/ };
    },
  },
  {
    kind: 'cx config',
    name: 'at its default place, a directory (CX_CONFIG unset)',
    env: () => ({ CX_CONFIG: '' }),
    setup: (b) => refused(plant(join(b.home, '.config', 'cx', 'config.toml'), 'directory'), /directory/),
  },
  {
    kind: 'cx config',
    name: 'CX_CONFIG names a file in a directory that does not exist (no config: runs)',
    env: (b) => ({ CX_CONFIG: join(b.root, 'nowhere', 'cx.toml') }),
    setup: () => ({ status: 0, argv: ['exec', 'hi'] }),
  },
  {
    kind: 'cx config',
    name: 'CX_CONFIG names a path through a regular file (ENOTDIR: no config, runs)',
    env: (b) => ({ CX_CONFIG: join(b.codexHome, 'config.toml', 'cx.toml') }),
    setup: () => ({ status: 0, argv: ['exec', 'hi'] }),
  },
];

const cxrcCase = (name: string, text: string | Buffer, line: number, message: RegExp): BadInputCase => ({
  kind: '.cxrc',
  name,
  setup: (b) => refused(write(join(b.repo, '.cxrc'), text), message, line),
});

const cxrcShapes: BadInputCase[] = [
  cxrcCase('profile = true', '# repo\nprofile = true\n', 2, /profile/),
  cxrcCase('profile is a date', 'profile = 1979-05-27T07:32:00Z\n', 1, /profile/),
  cxrcCase('profile is a table', '[profile]\nname = "work"\n', 1, /profile/),
  cxrcCase('profile = "work.x"', 'profile = "work.x"\n', 1, /not a valid profile name/),
  cxrcCase('profile with a newline escape', 'profile = "wo\\nrk"\n', 1, /not a valid profile name/),
  cxrcCase('profile written twice', 'profile = "work"\nprofile = "personal"\n', 2, /not valid TOML/),
  cxrcCase('[require] written twice', '[require]\nproviders = ["openai"]\n[require]\nregions = ["eu-*"]\n', 3, /not valid TOML/),
  cxrcCase('require is a list', 'require = ["openai"]\n', 1, /require/),
  cxrcCase('require is a string', '\nrequire = "openai"\n', 2, /require/),
  cxrcCase('providers = [1]', '[require]\nproviders = [1]\n', 2, /providers/),
  cxrcCase('providers = [["openai"]]', '[require]\n\nproviders = [["openai"]]\n', 3, /providers/),
  cxrcCase('providers is a table', '[require.providers]\nopenai = true\n', 1, /providers/),
  cxrcCase('regions = "eu-*"', '[require]\nregions = "eu-*"\n', 2, /regions/),
  cxrcCase('features_off = {}', '[require]\nfeatures_off = {}\n', 2, /features_off/),
  cxrcCase('features_off = [true]', '[require]\nfeatures_off = [true]\n', 2, /features_off/),
  cxrcCase('an unknown [require] key (provider)', '[require]\nprovider = ["openai"]\n', 2, /provider/),
  cxrcCase('an unknown top-level key (Profile)', 'Profile = "work"\n', 1, /an unknown key \(known: profile/),
  cxrcCase('an unknown top-level table', 'profile = "work"\n[selection]\nname = "work"\n', 2, /an unknown key \(known: profile/),
  cxrcCase('one bare non-ASCII word', 'wörk\n', 1, /not a valid profile name/),
  cxrcCase('two words on a line', 'work personal\n', 1, /not valid TOML/),
  cxrcCase('a word, then another line', '\n\nwork\nmore\n', 3, /not valid TOML/),
  cxrcCase('a bare word with a slash after blank lines', '\n\nteam/work\n', 3, /not a valid profile name/),
  cxrcCase('deep nesting in [require]', `[require]\nproviders = ${'['.repeat(3000)}${']'.repeat(3000)}\n`, 2, /nested|not valid TOML/),
];

/** Trusted .cxrc files: what the selection then does (a missing profile is refused, listing the rest). */
const trustedCxrc = (name: string, text: string, expect: (b: Box, path: string) => Expect): BadInputCase => ({
  kind: '.cxrc',
  name,
  setup: (b) => {
    const path = write(join(b.repo, '.cxrc'), text);
    grantTrust(b.env, path, text);
    return expect(b, path);
  },
});

const cxrcTrust: BadInputCase[] = [
  // The name is repository text: never echoed (files from a repository are data, never messages).
  trustedCxrc('trusted, selects a profile that does not exist', '\nprofile = "ghost"\n', (_, path) => ({ status: EXIT.config, file: path, line: 2, message: /^(?!.*ghost).*does not exist \(the name is not shown\); those that exist: / })),
  trustedCxrc('trusted bare word with CRLF selects work', 'work\r\n', () => ({ status: 0, argv: ['-p', 'work', 'exec', 'hi'] })),
  {
    kind: '.cxrc',
    name: 'untrusted selection: a warning, and codex runs without it',
    setup: (b) => {
      const path = write(join(b.repo, '.cxrc'), 'profile = "personal"\n');
      return { status: 0, warnings: [new RegExp(`^cx: warning: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1 selects profile personal but is not trusted`)], argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.cxrc',
    name: 'untrusted selection under CX_STRICT=1: refused (77)',
    env: () => ({ CX_STRICT: '1' }),
    setup: (b) => {
      const path = write(join(b.repo, '.cxrc'), 'personal\n');
      return { status: EXIT.denied, file: path, line: 1, message: /not trusted/ };
    },
  },
  {
    kind: '.cxrc',
    name: 'untrusted selection with --cx-strict: refused (77)',
    argv: ['--cx-strict', 'exec', 'hi'],
    setup: (b) => {
      const path = write(join(b.repo, '.cxrc'), 'profile = "personal"\n');
      return { status: EXIT.denied, file: path, line: 1, message: /not trusted/ };
    },
  },
  {
    kind: '.cxrc',
    name: 'trusted, then edited by one byte: trust is gone (warning, runs without it)',
    setup: (b) => {
      const path = join(b.repo, '.cxrc');
      grantTrust(b.env, path, 'profile = "personal"\n');
      write(path, 'profile = "personal" \n');
      return { status: 0, warnings: [/selects profile personal but is not trusted/], argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.cxrc',
    name: 'a .cxrc in $HOME above the repository applies (walking up), refused when broken',
    setup: (b) => refused(write(join(b.home, '.cxrc'), 'profile = \n'), /not valid TOML/, 1),
  },
  {
    kind: '.cxrc',
    name: 'a .cxrc that is a symlink to a malformed file elsewhere: ignored, named as found',
    setup: (b) => {
      write(join(b.root, 'elsewhere.toml'), '# x\nprofile = [\n');
      const path = join(b.repo, '.cxrc');
      symlinkSync(join(b.root, 'elsewhere.toml'), path);
      return { status: 0, warnings: [new RegExp(`^cx: warning: ${escape(path)} is a symlink leading out of its directory`)], argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.cxrc',
    name: 'a .cxrc of 64 KiB of comments after a selection is read (untrusted: a warning)',
    setup: (b) => {
      write(join(b.repo, '.cxrc'), `profile = "work"\n${'# padding\n'.repeat(6000)}`);
      return { status: 0, warnings: [/not trusted/], argv: ['exec', 'hi'] };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// codex's config.toml and profile files: wrong shapes, duplicates, nesting, size.

const codexConfigShapes: BadInputCase[] = [
  { kind: 'codex config.toml', name: 'profiles = "x"', setup: (b) => refused(write(join(b.codexHome, 'config.toml'), 'model = "m"\n\nprofiles = "x"\n'), /profiles/, 3) },
  { kind: 'codex config.toml', name: 'profiles = [1]', setup: (b) => refused(write(join(b.codexHome, 'config.toml'), 'profiles = [1]\n'), /profiles/, 1) },
  { kind: 'codex config.toml', name: '[[profiles]] (an array of tables)', setup: (b) => refused(write(join(b.codexHome, 'config.toml'), '# c\n[[profiles]]\nmodel = "m"\n'), /profiles/, 2) },
  { kind: 'codex config.toml', name: 'profiles.legacy = [1]', setup: (b) => refused(write(join(b.codexHome, 'config.toml'), '[profiles]\nlegacy = [1]\n'), /profiles\.legacy/, 2) },
  { kind: 'codex config.toml', name: '[profiles.work] written twice', setup: (b) => refused(write(join(b.codexHome, 'config.toml'), '[profiles.work]\nmodel = "a"\n[profiles.work]\nmodel = "b"\n'), /not valid TOML/, 3) },
  {
    kind: 'codex config.toml',
    name: 'a legacy [profiles.work] and work.config.toml, +work: refused as defined twice',
    argv: ['+work', 'exec', 'hi'],
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), 'model = "m"\n[profiles.work]\nmodel = "legacy"\n');
      return { status: EXIT.config, message: /defined twice/ };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'a legacy table selected with -p: applied as +legacy is, the -p taken out',
    argv: ['exec', '-p', 'legacy', 'hi'],
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), 'model = "m"\n[profiles.legacy]\nmodel = "old"\n');
      return { status: 0, argv: ['-c', 'model="old"', 'exec', 'hi'] };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'a legacy table with a key holding a dot (not expressible as -c): refused',
    argv: ['+legacy', 'exec', 'hi'],
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), '[profiles.legacy]\nmodel = "old"\n"we.ird" = 1\n');
      return { status: EXIT.config, message: /legacy.*cannot set: we\.ird/, warnings: [/config\.toml:3: `we\.ird` is not a codex setting/] };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'a legacy table holding an array of tables: passed as -c',
    argv: ['+legacy', 'exec', 'hi'],
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), '[profiles.legacy]\nmodel = "old"\n[[profiles.legacy.mcp]]\nname = "x"\n');
      return { status: 0, argv: ['-c', 'model="old"', '-c', 'mcp=[{ name = "x" }]', 'exec', 'hi'], warnings: [/`mcp` is not a codex setting/] };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'a UTF-8 byte-order mark (codex accepts it, so does cx)',
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), '\ufeffmodel = "m"\n');
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'CRLF line endings (valid)',
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), 'model = "m"\r\n[profiles.legacy]\r\nmodel = "old"\r\n');
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: 'codex config.toml',
    name: '3 MiB of comments (under the limit): runs',
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), `model = "m"\n${'# filler line of a big but valid config\n'.repeat(75_000)}`);
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'a 1 MiB string value on one line: runs',
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), `model = "m"\ninstructions = "${'x'.repeat(1024 * 1024)}"\n`);
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: 'codex config.toml',
    name: '20 000 keys: runs',
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), `model = "m"\n[many]\n${Array.from({ length: 20_000 }, (_, i) => `k${i} = ${i}\n`).join('')}`);
      // One warning for the one top-level key codex does not know, not one per key below it.
      return { status: 0, argv: ['exec', 'hi'], warnings: [/config\.toml:2: `many` is not a codex setting/] };
    },
  },
  {
    kind: 'codex config.toml',
    name: 'CODEX_HOME is a regular file',
    env: (b) => ({ CODEX_HOME: join(b.codexHome, 'config.toml') }),
    setup: (b) => ({ status: EXIT.config, message: new RegExp(`CODEX_HOME.*${join(b.codexHome, 'config.toml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not a directory`) }),
  },
  {
    kind: 'codex config.toml',
    name: 'CODEX_HOME does not exist',
    env: (b) => ({ CODEX_HOME: join(b.root, 'no-codex-home') }),
    setup: (b) => ({ status: EXIT.config, message: new RegExp(`CODEX_HOME.*${join(b.root, 'no-codex-home').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*does not exist`) }),
  },
];

/** Nesting: codex refuses tables or arrays nested more than 80 deep; cx must refuse, not crash or launch. */
const NESTING: readonly { label: string; text: string; message: RegExp }[] = [
  { label: 'a dotted key 20 000 deep', text: `x${'.a'.repeat(20_000)} = 1\n`, message: /more than 80 deep/ },
  { label: 'a table header 5 000 deep', text: `[x${'.a'.repeat(5_000)}]\nb = 1\n`, message: /more than 80 deep/ },
  { label: 'a dotted key 81 deep (just past codex\'s limit)', text: `x${'.a'.repeat(82)} = 1\n`, message: /more than 80 deep/ },
  { label: 'arrays 5 000 deep', text: `x = ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`, message: /nested/ },
  { label: 'inline tables 5 000 deep', text: `x = ${'{a='.repeat(5_000)}1${'}'.repeat(5_000)}\n`, message: /nested/ },
  { label: 'arrays 81 deep', text: `x = ${'['.repeat(81)}${']'.repeat(81)}\n`, message: /more than 80 deep/ },
];

const nestingCases: BadInputCase[] = [CODEX_CONFIG, PROFILE_FILE, CX_CONFIG].flatMap((target) =>
  NESTING.map(({ label, text, message }): BadInputCase => ({
    kind: target.kind,
    name: `${target.label}: ${label}`,
    ...(target.argv ? { argv: target.argv } : {}),
    setup: (b) => refused(write(target.path(b), text), message),
  })),
);

const nestingOk: BadInputCase[] = [
  {
    kind: 'codex config.toml',
    name: 'tables nested 80 deep (codex accepts): runs',
    setup: (b) => {
      write(join(b.codexHome, 'config.toml'), `model = "m"\n[x${'.a'.repeat(79)}]\nb = 1\n`);
      return { status: 0, argv: ['exec', 'hi'], warnings: [/config\.toml:2: `x` is not a codex setting/] };
    },
  },
];

const profileFileCases: BadInputCase[] = [
  {
    kind: 'profile file',
    name: 'selected by CX_PROFILE, a FIFO',
    env: () => ({ CX_PROFILE: 'work' }),
    setup: (b) => refused(plant(join(b.codexHome, 'work.config.toml'), 'fifo'), /named pipe/),
  },
  {
    kind: 'profile file',
    name: "selected by cx's default_profile, a symlink loop",
    setup: (b) => {
      write(b.cxConfig, 'default_profile = "work"\n');
      return refused(plant(join(b.codexHome, 'work.config.toml'), 'symlink-loop'), /symlink loop/);
    },
  },
  {
    kind: 'profile file',
    name: 'selected by a matching rule, invalid UTF-8',
    setup: (b) => {
      write(b.cxConfig, `[[rules]]\npath = "${b.repo}/**"\nprofile = "work"\n`);
      return refused(write(join(b.codexHome, 'work.config.toml'), Buffer.from('model = "\xff"\n', 'latin1')), /UTF-8/);
    },
  },
  {
    kind: 'profile file',
    name: 'selected by a trusted .cxrc, a directory',
    setup: (b) => {
      const path = write(join(b.repo, '.cxrc'), 'work\n');
      grantTrust(b.env, path, 'work\n');
      return refused(plant(join(b.codexHome, 'work.config.toml'), 'directory'), /directory/);
    },
  },
  {
    kind: 'profile file',
    name: 'a broken profile that is not selected does not matter',
    setup: (b) => {
      plant(join(b.codexHome, 'broken.config.toml'), 'fifo');
      write(join(b.codexHome, 'bad.config.toml'), 'model = [\n');
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: 'profile file',
    name: 'a dangling symlink as the profile: it does not exist (78, listing the others)',
    argv: ['+dangling', 'exec', 'hi'],
    setup: (b) => {
      symlinkSync(join(b.root, 'nowhere.toml'), join(b.codexHome, 'dangling.config.toml'));
      return { status: EXIT.config, message: /dangling .*does not exist/ };
    },
  },
  {
    kind: 'profile file',
    name: 'a profile file name codex cannot select (a.b.config.toml) is not offered',
    argv: ['+a', 'exec', 'hi'],
    setup: (b) => {
      mkdirSync(b.codexHome, { recursive: true });
      writeFileSync(join(b.codexHome, 'a.b.config.toml'), 'model = "m"\n');
      return { status: EXIT.config, message: /profile a .*does not exist/ };
    },
  },
];

export const TOML_CASES: BadInputCase[] = [
  ...oddityCases,
  ...contentCases,
  ...syntaxCases,
  ...cxConfigShapes,
  ...cxrcShapes,
  ...cxrcTrust,
  ...codexConfigShapes,
  ...nestingCases,
  ...nestingOk,
  ...profileFileCases,
];
