// Every kind of malformed file cx reads, through the built cx: one stderr line naming the file and
// the line (where there is one), the documented status (78), no stack trace, nothing on stdout, and
// codex not launched. `cx explain` refuses the same way (it cannot show a plan it cannot make).
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { looksLikeStackTrace, shQuote, writeScript } from '../helpers/fake-codex.ts';

interface Box {
  root: string;
  /** Where cx runs (a repository directory with no .cxrc unless a case writes one). */
  cwd: string;
  codexHome: string;
  cxConfig: string;
  calls: string;
  env: Record<string, string>;
}

function box(): Box {
  const root = realpathSync(tempDir('cx-malformed-'));
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), 'model = "base-model"\n');
  writeFileSync(join(codexHome, 'work.config.toml'), 'model = "model-work"\n');
  const cwd = join(root, 'repo', 'sub');
  mkdirSync(cwd, { recursive: true });
  const calls = join(root, 'calls');
  const bin = writeScript(join(root, 'codex'), `{ printf '%s\\0' "$@"; printf '\\n'; } >> ${shQuote(calls)}\nexit 0\n`);
  const cxConfig = join(root, 'cx.toml');
  const env = cleanEnv({ CODEX_HOME: codexHome, XDG_STATE_HOME: join(root, 'state'), CX_CONFIG: cxConfig, CX_CODEX_BIN: bin });
  return { root, cwd, codexHome, cxConfig, calls, env };
}

interface Case {
  kind: string;
  label: string;
  /** Writes the malformed file; returns its path. */
  write(b: Box): string;
  /** The line the message must name, or null when the problem has none. */
  line: number | null;
  /** Extra environment (e.g. selecting the broken profile) and cx arguments before `exec hi`. */
  env?: (b: Box) => Record<string, string>;
  args?: string[];
  /** Words the message must contain besides the file. */
  mentions?: string[];
}

const codexConfig = (text: string) => (b: Box): string => {
  const path = join(b.codexHome, 'config.toml');
  writeFileSync(path, text);
  return path;
};
const profileFile = (name: string, text: string) => (b: Box): string => {
  const path = join(b.codexHome, `${name}.config.toml`);
  writeFileSync(path, text);
  return path;
};
const cxConfig = (text: string) => (b: Box): string => {
  writeFileSync(b.cxConfig, text);
  return b.cxConfig;
};
/** A .cxrc at the repository root (cx runs in a subdirectory and finds it walking up). */
const cxrc = (text: string) => (b: Box): string => {
  const path = join(b.root, 'repo', '.cxrc');
  writeFileSync(path, text);
  return path;
};

const CASES: Case[] = [
  // codex's config.toml
  { kind: "codex's config.toml", label: 'bad TOML (a key with no value)', write: codexConfig('model = "m"\nmodel_provider =\n'), line: 2 },
  { kind: "codex's config.toml", label: 'bad TOML (a key written twice)', write: codexConfig('model = "a"\n\nmodel = "b"\n'), line: 3 },
  { kind: "codex's config.toml", label: 'bad TOML (an unclosed table header)', write: codexConfig('model = "a"\n[model_providers.x\n'), line: 2 },
  { kind: "codex's config.toml", label: '`profiles = 3`', write: codexConfig('model = "m"\nprofiles = 3\n'), line: 2, mentions: ['profiles'] },
  { kind: "codex's config.toml", label: '`[profiles]` holding `x = 3`', write: codexConfig('model = "m"\n[profiles]\nx = 3\n'), line: 3, mentions: ['profiles.x'] },
  { kind: "codex's config.toml", label: 'a directory', write: (b) => {
    const path = join(b.codexHome, 'config.toml');
    rmSync(path);
    mkdirSync(path);
    return path;
  }, line: null, mentions: ['directory'] },
  // a selected profile file
  { kind: 'selected profile file', label: 'bad TOML, selected by CX_PROFILE', write: profileFile('work', '# work\nmodel = "m"\nmodel_provider = [\n'), line: 4, env: () => ({ CX_PROFILE: 'work' }) },
  { kind: 'selected profile file', label: 'bad TOML, selected by +work', write: profileFile('work', 'model = "m"\nmodel = "n"\n'), line: 2, args: ['+work'] },
  { kind: 'selected profile file', label: 'bad TOML, selected by -p', write: profileFile('work', 'model = \'m\n'), line: 1, args: ['-p', 'work'] },
  { kind: 'selected profile file', label: "bad TOML, selected by cx's default_profile", write: (b) => {
    writeFileSync(b.cxConfig, 'default_profile = "work"\n');
    return profileFile('work', '\n\n[x\n')(b);
  }, line: 3 },
  // cx's config
  { kind: "cx's config", label: 'bad TOML', write: cxConfig('default_profile = "work"\ncodex_bin = \n'), line: 2 },
  { kind: "cx's config", label: 'an unknown key', write: cxConfig('# cx\ndefault_profile = "work"\ndefault_profle = "x"\n'), line: 3, mentions: ['default_profle'] },
  { kind: "cx's config", label: '`default_profile = 3`', write: cxConfig('\ndefault_profile = 3\n'), line: 2, mentions: ['default_profile'] },
  { kind: "cx's config", label: '`default_profile = "../x"`', write: cxConfig('default_profile = "../x"\n'), line: 1, mentions: ['../x'] },
  { kind: "cx's config", label: '`codex_bin = ""`', write: cxConfig('\n\ncodex_bin = ""\n'), line: 3, mentions: ['codex_bin'] },
  { kind: "cx's config", label: '`rules = 3`', write: cxConfig('rules = 3\n'), line: 1, mentions: ['rules'] },
  { kind: "cx's config", label: 'an unknown table', write: cxConfig('default_profile = "work"\n[fallback]\nwork = ["x"]\n'), line: 2, mentions: ['fallback'] },
  { kind: "cx's config", label: '`fallbacks = 3`', write: cxConfig('default_profile = "work"\nfallbacks = 3\n'), line: 2, mentions: ['fallbacks'] },
  { kind: "cx's config", label: 'a rule with no profile', write: cxConfig('[[rules]]\nprofile = "work"\nci = true\n\n[[rules]]\nci = false\n'), line: 5, mentions: ['rule 2', 'profile'] },
  { kind: "cx's config", label: 'a rule with an unknown key', write: cxConfig('[[rules]]\nprofile = "work"\npth = "/x"\n'), line: 1, mentions: ['pth'] },
  { kind: "cx's config", label: 'a rule with a relative path', write: cxConfig('\n[[rules]]\nprofile = "work"\npath = "work/**"\n'), line: 2, mentions: ['path'] },
  { kind: "cx's config", label: 'a rule with `ci = "yes"`', write: cxConfig('[[rules]]\nprofile = "work"\nci = "yes"\n'), line: 1, mentions: ['ci'] },
  { kind: "cx's config", label: 'a rule naming an invalid profile', write: cxConfig('[[rules]]\nprofile = "a/b"\n'), line: 1, mentions: ['a/b'] },
  { kind: "cx's config", label: 'at its default place ($XDG_CONFIG_HOME/cx/config.toml)', write: (b) => {
    const path = join(b.env['XDG_CONFIG_HOME'] ?? '', 'cx', 'config.toml');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'default_profile = "work"\n\n= 1\n');
    return path;
  }, line: 3, env: () => ({ CX_CONFIG: '' }) },
  { kind: "cx's config", label: 'a directory', write: (b) => {
    mkdirSync(b.cxConfig);
    return b.cxConfig;
  }, line: null, mentions: ['directory'] },
  // .cxrc
  { kind: '.cxrc', label: 'bad TOML', write: cxrc('profile = "work"\nprofile =\n'), line: 2 },
  { kind: '.cxrc', label: 'bad TOML (an unclosed string)', write: cxrc('# x\nprofile = "work\n'), line: 2 },
  { kind: '.cxrc', label: 'an unknown key', write: cxrc('profile = "work"\n\nprofiles = "x"\n'), line: 3, mentions: ['unknown key'] },
  { kind: '.cxrc', label: 'an unknown table', write: cxrc('profile = "work"\n[requires]\nproviders = ["openai"]\n'), line: 2, mentions: ['unknown key'] },
  { kind: '.cxrc', label: '`profile = 3`', write: cxrc('profile = 3\n'), line: 1, mentions: ['profile'] },
  { kind: '.cxrc', label: '`profile = ["work"]`', write: cxrc('\nprofile = ["work"]\n'), line: 2, mentions: ['profile'] },
  { kind: '.cxrc', label: '`require = 3`', write: cxrc('require = 3\n'), line: 1, mentions: ['require'] },
  { kind: '.cxrc', label: '`providers = "openai"` (not a list)', write: cxrc('[require]\nproviders = "openai"\n'), line: 2, mentions: ['providers'] },
  { kind: '.cxrc', label: '`regions = [1]`', write: cxrc('[require]\n\nregions = [1]\n'), line: 3, mentions: ['regions'] },
  { kind: '.cxrc', label: '`features_off = [""]`', write: cxrc('[require]\nfeatures_off = [""]\n'), line: 2, mentions: ['features_off'] },
  { kind: '.cxrc', label: 'an unknown key in [require]', write: cxrc('[require]\nproviders = ["openai"]\nregion = ["eu-*"]\n'), line: 3, mentions: ['unknown key under [require]'] },
];

/** The first stderr line must start `cx: FILE:LINE:` (or `cx: FILE: ` when there is no line). */
function expectOneLine(result: CxResult, file: string, line: number | null, mentions: readonly string[]): void {
  expect(looksLikeStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.stderr).not.toMatch(/^ {4}at /m);
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines, result.stderr).toHaveLength(1);
  const [only = ''] = lines;
  if (line === null) expect(only.startsWith(`cx: ${file}: `) || only.startsWith(`cx: ${file} `), only).toBe(true);
  else expect(only.startsWith(`cx: ${file}:${line}:`), `expected "cx: ${file}:${line}:…", got: ${only}`).toBe(true);
  for (const mention of mentions) expect(only).toContain(mention);
  expect(result.stdout).toBe('');
}

describe('malformed files: one line naming file and line, status 78, no stack trace, nothing launched', () => {
  for (const c of CASES) {
    it(`${c.kind}: ${c.label}`, async () => {
      const b = box();
      const file = c.write(b);
      const env = { ...b.env, ...(c.env?.(b) ?? {}) };
      const args = [...(c.args ?? []), 'exec', 'hi'];
      const [launched, explained] = await Promise.all([
        runCx(args, { env, cwd: b.cwd, timeoutMs: 10_000 }),
        runCx(['explain', '--json', ...args], { env, cwd: b.cwd, timeoutMs: 10_000 }),
      ]);
      expect(launched.exitCode, launched.stderr).toBe(EXIT.config);
      expectOneLine(launched, file, c.line, c.mentions ?? []);
      expect(existsSync(b.calls) ? readFileSync(b.calls, 'utf8') : '', 'codex ran').toBe('');
      expect(explained.exitCode, explained.stderr).toBe(EXIT.config);
      expectOneLine(explained, file, c.line, c.mentions ?? []);
    });
  }
});

describe('what is not an error', () => {
  it('a malformed profile file that is not selected does not stop a run', async () => {
    const b = box();
    writeFileSync(join(b.codexHome, 'broken.config.toml'), 'model = [\n');
    const result = await runCx(['exec', 'hi'], { env: b.env, cwd: b.cwd, timeoutMs: 10_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(readFileSync(b.calls, 'utf8')).toBe('exec\0hi\0\n');
  });

  it("no codex config, no cx config, no .cxrc: codex runs with the arguments untouched", async () => {
    const b = box();
    rmSync(join(b.codexHome, 'config.toml'));
    const result = await runCx(['exec', 'hi'], { env: b.env, cwd: b.cwd, timeoutMs: 10_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(b.calls, 'utf8')).toBe('exec\0hi\0\n');
  });
});
