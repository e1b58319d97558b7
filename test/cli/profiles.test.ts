// `cx profiles [--json]` through the built cx: every profile file and legacy [profiles.NAME] table
// with its provider, model and region; the one selected here, and by what; a malformed profile is
// an error on its row (status 78); an empty CODEX_HOME says "no profiles". It never launches codex.
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { looksLikeStackTrace, shQuote, writeScript } from '../helpers/fake-codex.ts';
import type { ProfileRow } from '../../src/cli/profiles.ts';

type Row = ProfileRow;

interface Listing {
  schemaVersion: number;
  codexHome: string;
  selected: { name: string | null; source: string; at: string | null };
  profiles: Row[];
}

interface Box {
  root: string;
  repo: string;
  codexHome: string;
  cxConfig: string;
  ranMarker: string;
  env: Record<string, string>;
}

const CONFIG_TOML = [
  'model = "base-model"',
  '',
  '[profiles.legacy]',
  'model = "legacy-model"',
  'model_provider = "azure"',
  '',
].join('\n');

const PROFILE_FILES: Record<string, string> = {
  work: 'model = "work-model"\n',
  'bed-eu': 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n',
  local: 'model_provider = "ollama"\nmodel = "gpt-oss:20b"\n',
};

function box(): Box {
  const root = realpathSync(tempDir('cx-profiles-'));
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), CONFIG_TOML);
  for (const [name, body] of Object.entries(PROFILE_FILES)) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  // Not profiles: config.toml itself, a name codex cannot select, another extension.
  writeFileSync(join(codexHome, 'not.a.profile.config.toml'), 'model = "x"\n');
  writeFileSync(join(codexHome, 'notes.toml'), 'x = 1\n');
  const repo = join(root, 'repo');
  mkdirSync(repo);
  const ranMarker = join(root, 'codex-ran');
  const bin = writeScript(join(root, 'codex'), `: > ${shQuote(ranMarker)}\nexit 0\n`);
  const cxConfig = join(root, 'cx.toml');
  const env = cleanEnv({ CODEX_HOME: codexHome, XDG_STATE_HOME: join(root, 'state'), CX_CONFIG: cxConfig, CX_CODEX_BIN: bin });
  return { root, repo, codexHome, cxConfig, ranMarker, env };
}

async function profiles(b: Box, json: boolean, env: Record<string, string> = {}, cwd = b.repo): Promise<CxResult> {
  const result = await runCx(['profiles', ...(json ? ['--json'] : [])], { env: { ...b.env, ...env }, cwd, timeoutMs: 10_000 });
  expect(looksLikeStackTrace(result.stderr), result.stderr).toBe(false);
  expect(existsSync(b.ranMarker), 'cx profiles launched codex').toBe(false);
  return result;
}

async function listing(b: Box, env: Record<string, string> = {}, cwd = b.repo): Promise<{ result: CxResult; doc: Listing }> {
  const result = await profiles(b, true, env, cwd);
  expect(result.stdout, `no listing; stderr: ${result.stderr}`).not.toBe('');
  return { result, doc: JSON.parse(result.stdout) as Listing };
}

function rowOf(doc: Listing, name: string): Row {
  const row = doc.profiles.find((r) => r.name === name);
  if (row === undefined) throw new Error(`no row ${name} in ${JSON.stringify(doc.profiles.map((r) => r.name))}`);
  return row;
}

/** The text line for a profile: `* NAME  …` when selected, `  NAME  …` otherwise. */
function lineOf(text: string, name: string): string {
  const line = text.split('\n').find((l) => new RegExp(`^[* ] ${name.replace(/[-.]/g, '\\$&')}\\s`).test(l));
  if (line === undefined) throw new Error(`no line for ${name} in:\n${text}`);
  return line;
}

describe('cx profiles --json', () => {
  it('lists profile files and legacy tables with provider, model, region; nothing selected; exit 0', async () => {
    const b = box();
    const { result, doc } = await listing(b);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(doc.schemaVersion).toBe(1);
    expect(doc.codexHome).toBe(b.codexHome);
    expect(doc.selected).toEqual({ name: null, source: 'none', at: null, exists: true });
    expect(doc.profiles.map((r) => r.name)).toEqual(['bed-eu', 'legacy', 'local', 'work']);
    expect(rowOf(doc, 'work')).toEqual({ name: 'work', kinds: ['file'], file: join(b.codexHome, 'work.config.toml'), provider: 'openai', model: 'work-model', region: null, selected: false, ownLogin: false, error: null });
    expect(rowOf(doc, 'bed-eu')).toMatchObject({ kinds: ['file'], provider: 'amazon-bedrock', model: 'openai.gpt-5.5', region: 'eu-west-1', error: null });
    expect(rowOf(doc, 'local')).toMatchObject({ kinds: ['file'], provider: 'ollama', model: 'gpt-oss:20b', region: null, error: null });
    expect(rowOf(doc, 'legacy')).toMatchObject({ kinds: ['legacy'], file: `${join(b.codexHome, 'config.toml')}:3`, provider: 'azure', model: 'legacy-model', error: null });
    expect(doc.profiles.every((r) => !r.selected)).toBe(true);
  });

  it('a Bedrock profile with no region of its own shows the region from AWS_REGION', async () => {
    const b = box();
    writeFileSync(join(b.codexHome, 'bed.config.toml'), 'model_provider = "amazon-bedrock"\n');
    const { doc } = await listing(b, { AWS_REGION: 'eu-central-1' });
    expect(rowOf(doc, 'bed')).toMatchObject({ provider: 'amazon-bedrock', region: 'eu-central-1' });
  });
});

describe('marks the profile selected here, and why', () => {
  const cases: [string, (b: Box) => Record<string, string>, string, string, RegExp][] = [
    ['CX_PROFILE', () => ({ CX_PROFILE: 'work' }), 'work', 'env:CX_PROFILE', /CX_PROFILE/],
    ['CODEX_PROFILE', () => ({ CODEX_PROFILE: 'local' }), 'local', 'env:CODEX_PROFILE', /CODEX_PROFILE/],
    ['a trusted .cxrc', (b) => {
      writeFileSync(join(b.repo, '.cxrc'), 'profile = "bed-eu"\n');
      return {};
    }, 'bed-eu', 'cxrc', /\.cxrc:1/],
    ["cx's default_profile", (b) => {
      writeFileSync(b.cxConfig, '\ndefault_profile = "legacy"\n');
      return {};
    }, 'legacy', 'default', /cx\.toml:2/],
    ["a rule in cx's config", (b) => {
      writeFileSync(b.cxConfig, `default_profile = "legacy"\n[[rules]]\npath = ${JSON.stringify(`${b.repo}/**`)}\nprofile = "work"\n`);
      return {};
    }, 'work', 'rule', /cx\.toml:2/],
  ];
  for (const [label, setup, name, source, at] of cases) {
    it(`by ${label}`, async () => {
      const b = box();
      const env = setup(b);
      if (source === 'cxrc') {
        const trust = await runCx(['trust'], { env: b.env, cwd: b.repo, timeoutMs: 10_000 });
        expect(trust.exitCode, trust.stderr).toBe(0);
      }
      const { result, doc } = await listing(b, env);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(doc.selected.name).toBe(name);
      expect(doc.selected.source).toBe(source);
      expect(doc.selected.at ?? '').toMatch(at);
      expect(doc.profiles.filter((r) => r.selected).map((r) => r.name)).toEqual([name]);

      const text = await profiles(b, false, env);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(lineOf(text.stdout, name)).toMatch(/^\* /);
      for (const other of doc.profiles.filter((r) => r.name !== name)) expect(lineOf(text.stdout, other.name)).toMatch(/^ {2}/);
      expect(text.stdout).toMatch(at);
    });
  }

  it('an untrusted .cxrc selects nothing here either (and cx profiles does not ask)', async () => {
    const b = box();
    writeFileSync(join(b.repo, '.cxrc'), 'profile = "bed-eu"\n');
    const { result, doc } = await listing(b);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(doc.selected).toMatchObject({ name: null, source: 'none' });
    expect(doc.profiles.every((r) => !r.selected)).toBe(true);
  });
});

describe('cx profiles (text)', () => {
  it('one line per profile with provider, model, region; legacy tables marked; exit 0', async () => {
    const b = box();
    const result = await profiles(b, false);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(lineOf(result.stdout, 'work')).toMatch(/^ {2}work\s+openai, work-model$/);
    expect(lineOf(result.stdout, 'bed-eu')).toMatch(/^ {2}bed-eu\s+amazon-bedrock, openai\.gpt-5\.5, eu-west-1$/);
    expect(lineOf(result.stdout, 'local')).toMatch(/^ {2}local\s+ollama, gpt-oss:20b$/);
    expect(lineOf(result.stdout, 'legacy')).toMatch(/^ {2}legacy\s+azure, legacy-model .*legacy/);
    expect(result.stdout).toContain('no profile is selected here');
    expect(result.stdout).not.toContain('not.a.profile');
    expect(result.stdout).not.toContain('notes');
  });

  it('an unknown argument: exit 64', async () => {
    const b = box();
    const result = await runCx(['profiles', '--jsn'], { env: b.env, cwd: b.repo, timeoutMs: 10_000 });
    expect(result.exitCode, result.stderr).toBe(EXIT.usage);
    expect(result.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });
});

describe('errors on a row', () => {
  it('a malformed profile file: an error on its row naming file:line, the others listed, exit 78', async () => {
    const b = box();
    const broken = join(b.codexHome, 'broken.config.toml');
    writeFileSync(broken, 'model = "x"\nmodel_provider = [\n');
    const { result, doc } = await listing(b);
    expect(result.exitCode).toBe(EXIT.config);
    expect(rowOf(doc, 'broken').error ?? '').toContain(`${broken}:3`);
    for (const name of ['bed-eu', 'legacy', 'local', 'work']) expect(rowOf(doc, name).error).toBeNull();

    const text = await profiles(b, false);
    expect(text.exitCode).toBe(EXIT.config);
    expect(lineOf(text.stdout, 'broken')).toContain(`${broken}:3`);
    expect(lineOf(text.stdout, 'work')).toContain('work-model');
  });

  it('a profile defined both as a file and as a legacy table: an error on its row, exit 78', async () => {
    const b = box();
    writeFileSync(join(b.codexHome, 'legacy.config.toml'), 'model = "file-model"\n');
    const { result, doc } = await listing(b);
    expect(result.exitCode).toBe(EXIT.config);
    expect(rowOf(doc, 'legacy')).toMatchObject({ kinds: ['file', 'legacy'] });
    expect(rowOf(doc, 'legacy').error ?? '').toContain('defined twice');
  });

  it('the selected profile is the malformed one: still listed, the error on its row, exit 78', async () => {
    // Someone runs `cx profiles` precisely because their profile is broken.
    const b = box();
    const broken = join(b.codexHome, 'broken.config.toml');
    writeFileSync(broken, 'model = [\n');
    const { result, doc } = await listing(b, { CX_PROFILE: 'broken' });
    expect(result.exitCode).toBe(EXIT.config);
    expect(doc.selected).toMatchObject({ name: 'broken', source: 'env:CX_PROFILE' });
    expect(rowOf(doc, 'broken').error ?? '').toContain(broken);
    expect(rowOf(doc, 'work').error).toBeNull();
  });

  it('the selected profile does not exist: the listing says so (as a launch would), exit 78', async () => {
    const b = box();
    const text = await profiles(b, false, { CX_PROFILE: 'nope' });
    expect(text.stdout).toContain('nope');
    expect(text.stdout + text.stderr).toMatch(/nope.*(does not exist|not found|no such profile)/);
    expect(text.exitCode).toBe(EXIT.config);
    const { doc } = await listing(b, { CX_PROFILE: 'nope' });
    expect(doc.selected).toMatchObject({ name: 'nope', source: 'env:CX_PROFILE' });
  });
});

describe('no profiles', () => {
  it('an empty CODEX_HOME: "no profiles", an empty list, exit 0', async () => {
    const b = box();
    rmSync(b.codexHome, { recursive: true });
    mkdirSync(b.codexHome);
    const text = await profiles(b, false);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(`no profiles in ${b.codexHome}`);
    const { result, doc } = await listing(b);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(doc.profiles).toEqual([]);
    expect(doc.selected).toMatchObject({ name: null, source: 'none' });
  });

  it('a CODEX_HOME that does not exist: the same', async () => {
    const b = box();
    const missing = join(b.root, 'no-such-home');
    const text = await profiles(b, false, { CODEX_HOME: missing });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain(`no profiles in ${missing}`);
    const { doc } = await listing(b, { CODEX_HOME: missing });
    expect(doc.profiles).toEqual([]);
  });

  it('only config.toml without legacy tables: no profiles', async () => {
    const b = box();
    rmSync(b.codexHome, { recursive: true });
    mkdirSync(b.codexHome);
    writeFileSync(join(b.codexHome, 'config.toml'), 'model = "m"\n');
    const { result, doc } = await listing(b);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(doc.profiles).toEqual([]);
  });
});
