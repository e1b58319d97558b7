// The V8 code cache on real launches (docs/code-cache.md): each test works on its own copy of the
// built package (bin/, dist/, package.json), makes the caches there with the shipped maker, and runs
// cx under every runtime against a recording codex. A valid cache must be accepted (CX_DEBUG says
// so); a corrupted, foreign-version, stale, foreign-owned or group-writable one must be passed over,
// and codex must receive exactly the same argv and environment either way.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_DIR_NAME } from '../../src/code-cache/cache-key.ts';
import { RUNTIMES, ROOT, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, recorderFake, run, type Recording } from '../helpers/fake-codex.ts';

/** A copy of the built package, with no cache yet. */
function packageCopy(): string {
  const dir = join(tempDir('cx-code-cache-'), 'pkg');
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  rmSync(join(dir, CACHE_DIR_NAME), { recursive: true, force: true });
  return dir;
}

function makeCaches(node: string, pkg: string): void {
  const made = spawnSync(node, [join(pkg, 'dist', 'code-cache', 'make-caches.cjs')], { encoding: 'utf8', env: { PATH: SYSTEM_PATH }, timeout: 120_000 });
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
}

/** The cache file for a bundle (`cx.cjs` or `cli-complete.cjs`) made by this runtime. */
function cacheFileOf(pkg: string, node: string, bundle: string): string {
  const v8 = spawnSync(node, ['-p', 'process.versions.v8'], { encoding: 'utf8', env: { PATH: SYSTEM_PATH } }).stdout.trim();
  const file = join(pkg, CACHE_DIR_NAME, `${bundle}.${v8}.${process.arch}.plain.v8cache`);
  expect(existsSync(file), file).toBe(true);
  return file;
}

interface Launch {
  outcome: string;
  recording: Recording;
  stdout: string;
  exitCode: number | undefined;
}

/** One launch through the copy: what CX_DEBUG said of the launch bundle's cache, and what codex got. */
async function launch(node: string, pkg: string, world: { recorder: ReturnType<typeof recorderFake>; env: Record<string, string> }, args: string[] = ['exec', 'two words', '--', '-p']): Promise<Launch> {
  world.recorder.reset();
  const result = await run(node, [join(pkg, 'bin', 'cx.js'), ...args], { env: { ...world.env, CX_DEBUG: '1' } });
  const outcome = /^cx: debug: code cache (\S+) for dist\/cx\.cjs/m.exec(result.stderr)?.[1] ?? `none (stderr: ${result.stderr})`;
  return { outcome, recording: world.recorder.read(), stdout: result.stdout, exitCode: result.exitCode };
}

/** What codex received, with the launching pid (which differs on every run) taken out. */
function received(recording: Recording): { argv: string[]; env: Record<string, string> } {
  const env = { ...recording.env };
  if (env['CX_LAUNCH_GUARD'] !== undefined) env['CX_LAUNCH_GUARD'] = env['CX_LAUNCH_GUARD'].replace(/^\d+:/, 'PID:');
  return { argv: recording.argv, env };
}

function world(): { recorder: ReturnType<typeof recorderFake>; env: Record<string, string> } {
  const dir = tempDir('cx-code-cache-world-');
  const recorder = recorderFake(join(dir, 'codex'));
  const codexHome = join(dir, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'work.config.toml'), 'model = "gpt-5.5"\n');
  return { recorder, env: cleanEnv({ PATH: SYSTEM_PATH, CODEX_HOME: codexHome, CX_CODEX_BIN: recorder.bin }) };
}

/** Flips a byte of V8's own header (its version hash): V8 must refuse the data. */
function corruptV8Header(file: string): void {
  const bytes = readFileSync(file);
  const start = bytes.indexOf(0x0a) + 1;
  bytes[start + 4] = (bytes[start + 4] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
}

describe.each(RUNTIMES)('the code cache under $name', ({ node }) => {
  it('is made at build time, accepted, and changes nothing codex receives; a missing one is a plain load', async () => {
    const pkg = packageCopy();
    const w = world();
    const plain = await launch(node, pkg, w);
    expect(plain.outcome).toBe('missing');
    makeCaches(node, pkg);
    const cached = await launch(node, pkg, w);
    expect(cached.outcome).toBe('accepted');
    expect(received(cached.recording)).toEqual(received(plain.recording));
    expect(received(cached.recording).argv).toEqual(['exec', 'two words', '--', '-p']);
    expect([cached.exitCode, cached.stdout]).toEqual([plain.exitCode, plain.stdout]);
    // Not writable by group or others, and no more readable than the bundle.
    const mode = statSync(cacheFileOf(pkg, node, 'cx.cjs')).mode & 0o777;
    expect(mode & 0o022).toBe(0);
    expect(mode & ~statSync(join(pkg, 'dist', 'cx.cjs')).mode & 0o777).toBe(0);
  });

  it('refuses a corrupted, truncated, stale, group-writable or foreign-owned cache, and codex receives the same', async () => {
    const pkg = packageCopy();
    makeCaches(node, pkg);
    const w = world();
    const good = await launch(node, pkg, w);
    expect(good.outcome).toBe('accepted');
    const file = cacheFileOf(pkg, node, 'cx.cjs');
    const original = readFileSync(file);
    const restore = (): void => {
      writeFileSync(file, original);
      chmodSync(file, 0o644);
    };
    const cases: [string, () => void, string][] = [
      ['V8 header corrupted', () => corruptV8Header(file), 'rejected'],
      ['payload truncated', () => writeFileSync(file, original.subarray(0, original.length - 1000)), 'rejected'],
      ['not a cache at all', () => writeFileSync(file, 'garbage\n'), 'stale'],
      ['the bundle rewritten since', () => utimesSync(join(pkg, 'dist', 'cx.cjs'), new Date(), new Date()), 'stale'],
      ['group-writable', () => chmodSync(file, 0o664), 'untrusted-mode'],
      ['world-writable', () => chmodSync(file, 0o646), 'untrusted-mode'],
    ];
    for (const [what, damage, outcome] of cases) {
      damage();
      const damaged = await launch(node, pkg, w);
      expect(damaged.outcome, what).toBe(outcome);
      expect(received(damaged.recording), what).toEqual(received(good.recording));
      expect([damaged.exitCode, damaged.stdout], what).toEqual([good.exitCode, good.stdout]);
      restore();
    }
  });

  it.runIf(process.getuid?.() === 0)('ignores a cache owned by neither the user nor the bundle owner', async () => {
    const pkg = packageCopy();
    makeCaches(node, pkg);
    const w = world();
    const good = await launch(node, pkg, w);
    chownSync(cacheFileOf(pkg, node, 'cx.cjs'), 4321, 4321);
    const foreign = await launch(node, pkg, w);
    expect([good.outcome, foreign.outcome]).toEqual(['accepted', 'untrusted-owner']);
    expect(received(foreign.recording)).toEqual(received(good.recording));
  });

  it('caches the completion bundle too, with the same answers', async () => {
    const pkg = packageCopy();
    const w = world();
    const complete = async (): Promise<{ outcome: string; stdout: string }> => {
      const result = await run(node, [join(pkg, 'bin', 'cx.js'), '__complete', 'profiles'], { env: { ...w.env, CX_DEBUG: '1' } });
      return { outcome: /^cx: debug: code cache (\S+) for dist\/cli\/complete\.cjs/m.exec(result.stderr)?.[1] ?? result.stderr, stdout: result.stdout };
    };
    const plain = await complete();
    makeCaches(node, pkg);
    const cached = await complete();
    expect([plain.outcome, cached.outcome]).toEqual(['missing', 'accepted']);
    expect(cached.stdout).toBe(plain.stdout);
    expect(cached.stdout).toBe('work\n');
  });
});

describe.runIf(RUNTIMES.length > 1)('a cache made by another Node', () => {
  it('is refused by V8 even under this Node\'s name, and codex receives the same', async () => {
    const [self, other] = RUNTIMES as [(typeof RUNTIMES)[number], (typeof RUNTIMES)[number]];
    const pkg = packageCopy();
    makeCaches(self.node, pkg);
    makeCaches(other.node, pkg);
    const w = world();
    const good = await launch(self.node, pkg, w);
    renameSync(cacheFileOf(pkg, other.node, 'cx.cjs'), cacheFileOf(pkg, self.node, 'cx.cjs'));
    const foreign = await launch(self.node, pkg, w);
    expect([good.outcome, foreign.outcome]).toEqual(['accepted', 'rejected']);
    expect(received(foreign.recording)).toEqual(received(good.recording));
  });
});

describe('bin/cx.js', () => {
  it('says cx is not built (70) without dist/, and loads a bundle built without the code-cache loader plainly', async () => {
    const pkg = packageCopy();
    const w = world();
    const good = await launch(process.execPath, pkg, w);
    rmSync(join(pkg, 'dist', 'code-cache'), { recursive: true });
    const older = await launch(process.execPath, pkg, w);
    expect(older.outcome).toMatch(/^none/); // no loader, no code-cache line
    expect(received(older.recording)).toEqual(received(good.recording));
    rmSync(join(pkg, 'dist'), { recursive: true });
    const unbuilt = await run(process.execPath, [join(pkg, 'bin', 'cx.js'), '--version'], { env: w.env });
    expect([unbuilt.exitCode, unbuilt.stdout, unbuilt.stderr]).toEqual([70, '', 'cx: cx is not built: run `npm run build` in its directory\n']);
  });
});

describe('the install step', () => {
  it('never fails and prints nothing: without a build, and with one (where it makes the cache)', () => {
    const pkg = packageCopy();
    const install = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join(pkg, 'bin', 'install-code-cache.js')], { encoding: 'utf8', env: { PATH: SYSTEM_PATH }, timeout: 120_000 });
    const built = install();
    expect([built.status, built.stdout, built.stderr]).toEqual([0, '', '']);
    expect(readdirSync(join(pkg, CACHE_DIR_NAME)).filter((name) => name.endsWith('.v8cache')).length).toBeGreaterThanOrEqual(2);
    rmSync(join(pkg, 'dist'), { recursive: true });
    const unbuilt = install();
    expect([unbuilt.status, unbuilt.stdout, unbuilt.stderr]).toEqual([0, '', '']);
  });

  it('is npm\'s postinstall', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; files: string[] };
    expect(manifest.scripts['postinstall']).toBe('node bin/install-code-cache.js');
    expect(manifest.files).toContain('bin');
  });
});
