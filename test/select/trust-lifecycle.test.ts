// The life of a trusted .cxrc, through the built cx as a process: `cx trust` makes its selection
// apply; editing, moving or copying the file, or `cx untrust`, takes it away; reverting an edit
// brings it back (trust is for this exact content at this exact path); records are private and
// survive many cx processes writing at once; strict mode refuses an untrusted selection.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type FakeCodex, fakeCodex, looksLikeStackTrace, mapLimit } from '../helpers/fake-codex.ts';

interface Sandbox {
  root: string;
  codexHome: string;
  stateHome: string;
  trustDir: string;
  fake: FakeCodex;
  env: Record<string, string>;
}

/** A CODEX_HOME with profiles `work` and `other`, a private state dir, and a fake codex. */
function sandbox(extra: Record<string, string> = {}): Sandbox {
  const root = realpathSync(tempDir('cx-trust-'));
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'work.config.toml'), 'model = "model-work"\n');
  writeFileSync(join(codexHome, 'other.config.toml'), 'model = "model-other"\n');
  const stateHome = join(root, 'state');
  const fake = fakeCodex(root);
  const env = cleanEnv({ CODEX_HOME: codexHome, XDG_STATE_HOME: stateHome, CX_CODEX_BIN: fake.bin, ...extra });
  return { root, codexHome, stateHome, trustDir: join(stateHome, 'cx', 'trust'), fake, env };
}

/** A directory under the sandbox holding a .cxrc with this content; returns the directory. */
function repo(box: Sandbox, name: string, content: string): string {
  const dir = join(box.root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.cxrc'), content);
  return dir;
}

const TIMEOUT = { timeoutMs: 10_000 };

function cx(box: Sandbox, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CxResult> {
  return runCx(args, { env: { ...box.env, ...env }, cwd, ...TIMEOUT });
}

interface Explained {
  profile: { name: string | null; source: string; trusted: boolean | null };
  command: { args: string[] };
  launch: boolean;
}

async function explain(box: Sandbox, cwd: string): Promise<Explained> {
  const result = await cx(box, ['explain', '--json', 'exec', 'hi'], cwd);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Explained;
}

/** Launches `cx exec hi` in `cwd`; returns the result and the argv codex got (null: it did not run). */
async function launch(box: Sandbox, cwd: string, env: Record<string, string> = {}, cxArgs: readonly string[] = []): Promise<{ result: CxResult; argv: string[] | null }> {
  box.fake.reset();
  const result = await cx(box, [...cxArgs, 'exec', 'hi'], cwd, env);
  const calls = box.fake.calls();
  expect(calls.length, 'codex ran more than once').toBeLessThanOrEqual(1);
  return { result, argv: calls[0] ?? null };
}

function stderrLines(result: CxResult): string[] {
  return result.stderr.split('\n').filter((line) => line !== '');
}

function expectNoStackTrace(result: CxResult): void {
  expect(looksLikeStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.stderr).not.toMatch(/^ {4}at /m);
}

function records(box: Sandbox): string[] {
  return existsSync(box.trustDir) ? readdirSync(box.trustDir).sort() : [];
}

function trustKey(path: string, content: string): string {
  return createHash('sha256').update(path).update('\0').update(content).digest('hex');
}

/** The selection applies: explain says cxrc/trusted, and the launched codex got `-p NAME` first. */
async function expectSelected(box: Sandbox, cwd: string, name: string): Promise<void> {
  const plan = await explain(box, cwd);
  expect(plan.profile).toMatchObject({ name, source: 'cxrc', trusted: true });
  const { result, argv } = await launch(box, cwd);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).toBe('');
  expect(argv).toEqual(['-p', name, 'exec', 'hi']);
}

/** The selection is ignored: explain says untrusted, codex runs without -p, one warning line. */
async function expectIgnored(box: Sandbox, cwd: string, cxrcPath: string): Promise<void> {
  const plan = await explain(box, cwd);
  expect(plan.profile).toMatchObject({ name: null, source: 'none', trusted: false });
  const { result, argv } = await launch(box, cwd);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(argv).toEqual(['exec', 'hi']);
  const lines = stderrLines(result);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^cx: warning: /);
  expect(lines[0]).toContain(`${cxrcPath}:1 selects profile work but is not trusted`);
}

const CONTENT = 'profile = "work" # reviewed\n';

describe('cx trust: the selection applies', () => {
  it('`cx trust` with no FILE trusts the nearest .cxrc (found walking up), and the selection applies', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', CONTENT);
    const sub = join(dir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    await expectIgnored(box, sub, join(dir, '.cxrc'));

    const trusted = await cx(box, ['trust'], sub);
    expect(trusted.exitCode, trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain(join(dir, '.cxrc'));
    expect(trusted.stdout).toContain('selects profile work');
    expect(trusted.stderr).toBe('');
    expect(records(box)).toEqual([trustKey(join(dir, '.cxrc'), CONTENT)]);

    await expectSelected(box, sub, 'work');
    await expectSelected(box, dir, 'work');
  });

  it('`cx trust FILE` (relative or absolute) trusts that file', async () => {
    const box = sandbox();
    const a = repo(box, 'a', CONTENT);
    const b = repo(box, 'b', 'other\n'); // one bare word: profile = "other"
    const relative = await cx(box, ['trust', 'a/.cxrc'], box.root);
    expect(relative.exitCode, relative.stderr).toBe(0);
    const absolute = await cx(box, ['trust', join(b, '.cxrc')], box.root);
    expect(absolute.exitCode, absolute.stderr).toBe(0);
    expect(records(box)).toEqual([trustKey(join(a, '.cxrc'), CONTENT), trustKey(join(b, '.cxrc'), 'other\n')].sort());
    await expectSelected(box, a, 'work');
    await expectSelected(box, b, 'other');
  });

  it('`cx trust FILE` named through a symlinked directory applies where the file is used', async () => {
    // A user in /home/me/link (a symlink to /data/repo) runs `cx trust ./.cxrc`, or names it by the
    // path their shell shows; cx must not say "trusted" and then ignore the file in that directory.
    const box = sandbox();
    const real = repo(box, 'real', CONTENT);
    const link = join(box.root, 'link');
    symlinkSync(real, link);
    const trusted = await cx(box, ['trust', join(link, '.cxrc')], box.root);
    expect(trusted.exitCode, trusted.stderr).toBe(0);
    const plan = await explain(box, link);
    expect(plan.profile, `trusted via ${link}, used in ${real}`).toMatchObject({ name: 'work', source: 'cxrc', trusted: true });
  });
});

describe('trust is for this exact content at this exact path', () => {
  it('editing one byte revokes; reverting the edit restores', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', CONTENT);
    const file = join(dir, '.cxrc');
    expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
    await expectSelected(box, dir, 'work');

    const edited = CONTENT.replace('reviewed', 'reviewes');
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(CONTENT));
    writeFileSync(file, edited);
    await expectIgnored(box, dir, file);

    writeFileSync(file, CONTENT);
    await expectSelected(box, dir, 'work');
    expect(records(box)).toHaveLength(1);
  });

  it('copying the trusted file to another directory: untrusted there, still trusted at home', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', CONTENT);
    expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
    const copy = join(box.root, 'clone');
    mkdirSync(copy);
    copyFileSync(join(dir, '.cxrc'), join(copy, '.cxrc'));
    await expectIgnored(box, copy, join(copy, '.cxrc'));
    await expectSelected(box, dir, 'work');
  });

  it('moving the trusted file (or its directory) revokes', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', CONTENT);
    expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
    const moved = join(box.root, 'moved');
    mkdirSync(moved);
    renameSync(join(dir, '.cxrc'), join(moved, '.cxrc'));
    await expectIgnored(box, moved, join(moved, '.cxrc'));

    const renamedDir = join(box.root, 'renamed');
    renameSync(moved, renamedDir);
    await expectIgnored(box, renamedDir, join(renamedDir, '.cxrc'));
  });

  it('`cx untrust` revokes (default: the nearest .cxrc; and with FILE); untrusting again says so', async () => {
    const box = sandbox();
    const a = repo(box, 'a', CONTENT);
    const b = repo(box, 'b', CONTENT);
    expect((await cx(box, ['trust'], a)).exitCode).toBe(0);
    expect((await cx(box, ['trust', join(b, '.cxrc')], box.root)).exitCode).toBe(0);
    expect(records(box)).toHaveLength(2);

    const untrust = await cx(box, ['untrust'], a);
    expect(untrust.exitCode, untrust.stderr).toBe(0);
    expect(untrust.stdout).toContain(`no longer trusting ${join(a, '.cxrc')}`);
    await expectIgnored(box, a, join(a, '.cxrc'));
    await expectSelected(box, b, 'work');

    const byName = await cx(box, ['untrust', 'b/.cxrc'], box.root);
    expect(byName.exitCode, byName.stderr).toBe(0);
    await expectIgnored(box, b, join(b, '.cxrc'));
    expect(records(box)).toEqual([]);

    const again = await cx(box, ['untrust'], a);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('was not trusted');
  });
});

describe('trust records', () => {
  it('are files of mode 0600 in a 0700 directory, naming the path and the content hash', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', CONTENT);
    expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
    expect(statSync(join(box.stateHome, 'cx')).mode & 0o777).toBe(0o700);
    expect(statSync(box.trustDir).mode & 0o777).toBe(0o700);
    const [name] = records(box);
    expect(name).toBe(trustKey(join(dir, '.cxrc'), CONTENT));
    const record = join(box.trustDir, name ?? '');
    expect(statSync(record).mode & 0o777).toBe(0o600);
    const body = JSON.parse(readFileSync(record, 'utf8')) as { path: string; sha256: string };
    expect(body.path).toBe(join(dir, '.cxrc'));
    expect(body.sha256).toBe(createHash('sha256').update(CONTENT).digest('hex'));
  });

  it('50 concurrent `cx trust` / `cx untrust` processes on different files lose no record and leave no .tmp', async () => {
    const box = sandbox();
    const dirs = Array.from({ length: 75 }, (_, i) => repo(box, `r${i}`, `profile = "work"\n# repository ${i}\n`));
    const key = (i: number): string => trustKey(join(dirs[i] ?? '', '.cxrc'), `profile = "work"\n# repository ${i}\n`);
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
    // 50 Node processes at once on a small machine: bounded generously, each and all.
    const run = (verb: 'trust' | 'untrust', i: number): Promise<CxResult> =>
      runCx([verb, join(dirs[i] ?? '', '.cxrc')], { env: box.env, cwd: box.root, timeoutMs: 40_000 });

    // Wave 1: 50 trusts at once into a state dir that does not exist yet (all create it).
    expect(existsSync(box.stateHome)).toBe(false);
    const wave1 = await Promise.all(range(0, 50).map((i) => run('trust', i)));
    for (const result of wave1) expect(result.exitCode, result.stderr).toBe(0);
    expect(records(box)).toEqual(range(0, 50).map(key).sort());

    // Wave 2: 25 untrusts and 25 new trusts at once, interleaved.
    const wave2 = await Promise.all(range(0, 50).map((k) => (k % 2 === 0 ? run('untrust', k / 2) : run('trust', 50 + (k - 1) / 2))));
    for (const result of wave2) expect(result.exitCode, result.stderr).toBe(0);
    expect(records(box)).toEqual([...range(25, 50), ...range(50, 75)].map(key).sort());
    expect(readdirSync(box.trustDir).filter((name) => name.includes('.tmp'))).toEqual([]);
    for (const name of records(box)) expect(statSync(join(box.trustDir, name)).mode & 0o777).toBe(0o600);

    // Spot-check through cx itself: one untrusted, one trusted in wave 1, one trusted in wave 2.
    const verdicts = await mapLimit([0, 30, 60], 3, async (i) => (await explain(box, dirs[i] ?? '')).profile.trusted);
    expect(verdicts).toEqual([false, true, true]);
  }, 90_000);
});

describe('strict mode', () => {
  const STRICT: [string, Record<string, string>, string[]][] = [
    ['CX_STRICT=1', { CX_STRICT: '1' }, []],
    ['--cx-strict', {}, ['--cx-strict']],
  ];

  for (const [label, env, args] of STRICT) {
    it(`${label}: an untrusted selection is refused with 77 and codex does not run; a trusted one runs`, async () => {
      const box = sandbox();
      const dir = repo(box, 'repo', CONTENT);
      const refused = await launch(box, dir, env, args);
      expect(refused.result.exitCode, refused.result.stderr).toBe(EXIT.denied);
      expect(refused.argv).toBeNull();
      expectNoStackTrace(refused.result);
      const lines = stderrLines(refused.result);
      expect(lines, refused.result.stderr).toHaveLength(1);
      expect(lines[0]).toContain(`${join(dir, '.cxrc')}:1`);
      expect(lines[0]).toContain('not trusted');
      expect(records(box)).toEqual([]);

      expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
      const ran = await launch(box, dir, env, args);
      expect(ran.result.exitCode, ran.result.stderr).toBe(0);
      expect(ran.result.stderr).toBe('');
      expect(ran.argv).toEqual(['-p', 'work', 'exec', 'hi']);
    });
  }

  it('CX_STRICT=0 is not strict: the untrusted selection is ignored with a warning and codex runs', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', CONTENT);
    const { result, argv } = await launch(box, dir, { CX_STRICT: '0' });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(argv).toEqual(['exec', 'hi']);
    expect(stderrLines(result)).toHaveLength(1);
  });

  it('strict mode does not refuse a .cxrc that selects nothing, nor one shadowed by an explicit choice', async () => {
    const box = sandbox();
    const plain = repo(box, 'plain', '[require]\nproviders = ["openai"]\n');
    const nothing = await launch(box, plain, { CX_STRICT: '1' });
    expect(nothing.result.exitCode, nothing.result.stderr).toBe(0);
    expect(nothing.argv).toEqual(['exec', 'hi']);

    const dir = repo(box, 'repo', CONTENT);
    const shadowed = await launch(box, dir, { CX_STRICT: '1', CX_PROFILE: 'other' });
    expect(shadowed.result.exitCode, shadowed.result.stderr).toBe(0);
    expect(shadowed.argv).toEqual(['-p', 'other', 'exec', 'hi']);
  });
});

describe('cx trust refuses what it cannot trust', () => {
  it('a malformed .cxrc: exit 78 naming the file and line, no record written', async () => {
    const box = sandbox();
    const dir = repo(box, 'repo', 'profile = "work"\nprofile_typo = 1\n');
    for (const args of [['trust'], ['trust', join(dir, '.cxrc')]]) {
      const result = await cx(box, args, dir);
      expect(result.exitCode, result.stderr).toBe(EXIT.config);
      expectNoStackTrace(result);
      const lines = stderrLines(result);
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toContain(`${join(dir, '.cxrc')}:2`);
      expect(result.stdout).toBe('');
    }
    expect(existsSync(box.stateHome)).toBe(false);
  });

  it('no .cxrc here or above: exit 64, nothing written', async () => {
    const box = sandbox();
    const dir = join(box.root, 'empty');
    mkdirSync(dir);
    // Precondition: nothing above the temp dir holds a .cxrc either.
    expect(findUp(dir)).toBeNull();
    const result = await cx(box, ['trust'], dir);
    expect(result.exitCode, result.stderr).toBe(EXIT.usage);
    expectNoStackTrace(result);
    expect(stderrLines(result)).toHaveLength(1);
    expect(existsSync(box.stateHome)).toBe(false);
    const untrust = await cx(box, ['untrust'], dir);
    expect(untrust.exitCode, untrust.stderr).toBe(EXIT.usage);
  });

  it('more than one FILE: exit 64', async () => {
    const box = sandbox();
    const a = repo(box, 'a', CONTENT);
    const result = await cx(box, ['trust', join(a, '.cxrc'), join(a, '.cxrc')], a);
    expect(result.exitCode, result.stderr).toBe(EXIT.usage);
    expect(existsSync(box.stateHome)).toBe(false);
  });
});

function findUp(dir: string): string | null {
  for (let current = dir; ; ) {
    if (existsSync(join(current, '.cxrc'))) return join(current, '.cxrc');
    const parent = join(current, '..');
    const resolved = realpathSync(parent);
    if (resolved === current) return null;
    current = resolved;
  }
}
