// The plan cache against a hostile or broken cache directory: a planted, loosened, truncated,
// renamed or edited entry, a symlinked directory, someone else's files. Every one must be a miss
// (the full planner runs), never a launch of what the entry says; and no entry ever holds a
// secret or the prompt. In-process against the real planner (launch/pipeline.ts).
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCacheDir } from '../../src/plan-cache/store.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { type World, cacheRun, freshLaunch, hitFor, inputsFor, makeWorld, planThroughCache, settle } from './world.ts';

const ARGV = ['+work', 'exec', 'hello'];

/** A world with one kept plan for ARGV in the repository; returns the entry's path. */
async function worldWithEntry(): Promise<{ world: World; entry: string; dir: string }> {
  const world = makeWorld();
  await settle();
  const inputs = inputsFor(world, ARGV, world.repo);
  const kept = await planThroughCache(inputs);
  expect(kept.notKept).toBeNull();
  const dir = planCacheDir(world.env);
  const names = readdirSync(dir).filter((name) => /^[0-9a-f]{32}$/.test(name));
  expect(names).toHaveLength(1);
  // The control: untouched, the entry is a hit launching what the planner launches.
  expect(hitFor(inputs)).toEqual(await freshLaunch(inputs));
  return { world, entry: join(dir, names[0] as string), dir };
}

const isRoot = process.getuid?.() === 0;

describe('a kept plan is used only from a private, intact entry', () => {
  it('an entry group- or world-writable, or readable by others, is a miss', async () => {
    const { world, entry } = await worldWithEntry();
    for (const mode of [0o666, 0o620, 0o604, 0o640]) {
      chmodSync(entry, mode);
      expect(hitFor(inputsFor(world, ARGV, world.repo)), `mode ${mode.toString(8)}`).toBeNull();
    }
    chmodSync(entry, 0o600);
    expect(hitFor(inputsFor(world, ARGV, world.repo))).not.toBeNull();
  });

  it.runIf(isRoot)('an entry, key or directory owned by another user is a miss', async () => {
    const { world, entry, dir } = await worldWithEntry();
    const inputs = inputsFor(world, ARGV, world.repo);
    for (const path of [entry, join(dir, 'key'), dir, join(dir, '..')]) {
      chownSync(path, 4242, 4242);
      expect(hitFor(inputs), path).toBeNull();
      chownSync(path, 0, 0);
      expect(hitFor(inputs), path).not.toBeNull();
    }
  });

  it('a symlinked cache directory is neither read nor written', async () => {
    const { world, dir } = await worldWithEntry();
    const inputs = inputsFor(world, ARGV, world.repo);
    const elsewhere = join(tempDir('cx-plan-cache-elsewhere-'), 'plans');
    renameSync(dir, elsewhere);
    symlinkSync(elsewhere, dir);
    expect(hitFor(inputs)).toBeNull();
    const before = readdirSync(elsewhere).sort();
    const again = await planThroughCache(inputsFor(world, ['+play', 'exec', 'hello'], world.repo));
    expect(again.notKept).toBe('the cache directory is not private');
    expect(readdirSync(elsewhere).sort()).toEqual(before);
  });

  it('a cache directory others can write, or whose parent others can write, is not used', async () => {
    const { world, dir } = await worldWithEntry();
    const inputs = inputsFor(world, ARGV, world.repo);
    chmodSync(dir, 0o770);
    expect(hitFor(inputs)).toBeNull();
    chmodSync(dir, 0o700);
    chmodSync(join(dir, '..'), 0o777);
    expect(hitFor(inputs)).toBeNull();
    chmodSync(join(dir, '..'), 0o700);
    expect(hitFor(inputs)).not.toBeNull();
  });

  it('a truncated, empty, non-JSON or oversized entry is a miss', async () => {
    const { world, entry } = await worldWithEntry();
    const inputs = inputsFor(world, ARGV, world.repo);
    const text = readFileSync(entry, 'utf8');
    for (const bad of [text.slice(0, text.length / 2), '', 'not json', '[]', 'null', `${text.slice(0, -1)},"extra":1}`, text.padEnd(70_000, ' ')]) {
      writeFileSync(entry, bad, { mode: 0o600 });
      expect(hitFor(inputs), bad.slice(0, 40)).toBeNull();
    }
    writeFileSync(entry, text);
    expect(hitFor(inputs)).not.toBeNull();
    truncateSync(entry, 10);
    expect(hitFor(inputs)).toBeNull();
  });

  it('an entry whose recorded inputs, launch or key were edited fails its MAC: a miss', async () => {
    const { world, entry } = await worldWithEntry();
    const inputs = inputsFor(world, ARGV, world.repo);
    const text = readFileSync(entry, 'utf8');
    const data = JSON.parse(text) as { files: [string, string][]; env: [string, boolean][]; launch: { bin: string; args: (number | string)[] } };
    const edits: ((d: typeof data) => void)[] = [
      (d) => {
        // the inputs swapped: the fingerprints of two files exchanged
        const [a, b] = [d.files[0], d.files[1]];
        if (a && b) [a[1], b[1]] = [b[1], a[1]];
      },
      (d) => {
        d.files = d.files.slice(1);
      },
      (d) => {
        d.env = [];
      },
      (d) => {
        d.launch.bin = '/bin/sh';
      },
      (d) => {
        d.launch.args = ['-p', 'play', ...d.launch.args.slice(2)];
      },
    ];
    for (const edit of edits) {
      const copy = JSON.parse(text) as typeof data;
      edit(copy);
      writeFileSync(entry, JSON.stringify(copy), { mode: 0o600 });
      expect(hitFor(inputs), edit.toString()).toBeNull();
    }
  });

  it('an entry copied under the name of another run is a miss (it names its own key)', async () => {
    const { world, entry, dir } = await worldWithEntry();
    const other = inputsFor(world, ['+play', 'exec', 'hello'], world.repo);
    const kept = await planThroughCache(other);
    expect(kept.notKept).toBeNull();
    const otherEntry = readdirSync(dir).map((name) => join(dir, name)).find((path) => /[0-9a-f]{32}$/.test(path) && path !== entry);
    expect(otherEntry).toBeDefined();
    copyFileSync(entry, otherEntry as string);
    expect(hitFor(other)).toBeNull();
  });

  it('a symlink or a FIFO planted as the entry is a miss and nothing blocks', async () => {
    const { world, entry } = await worldWithEntry();
    const inputs = inputsFor(world, ARGV, world.repo);
    const real = `${entry}.real`;
    renameSync(entry, real);
    symlinkSync(real, entry);
    expect(hitFor(inputs)).toBeNull();
    rmSync(entry);
    execFileSync('mkfifo', [entry]);
    expect(hitFor(inputs)).toBeNull();
  });

  it('a key file readable by others disables hits', async () => {
    const { world, dir } = await worldWithEntry();
    chmodSync(join(dir, 'key'), 0o644);
    expect(hitFor(inputsFor(world, ARGV, world.repo))).toBeNull();
  });
});

describe('what is never kept', () => {
  it('no secret value and no argument (a prompt) is in the cache directory', async () => {
    const world = makeWorld();
    const secret = `sk-sentinel-${process.pid}-${Date.now()}`;
    const prompt = `a prompt sentinel ${Date.now()}`;
    // A provider whose key codex reads from the environment itself: cx delivers nothing, so the plan is kept.
    writeFileSync(join(world.codexHome, 'gw.config.toml'), 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nname = "gw"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\nwire_api = "responses"\n');
    const env = { ...world.env, GW_KEY: secret, CX_PROFILE: 'gw' };
    await settle();
    const inputs = inputsFor(world, ['exec', prompt], world.repo, env);
    expect((await planThroughCache(inputs)).notKept).toBeNull();
    expect(hitFor(inputs)).toEqual(await freshLaunch(inputs));
    const dir = planCacheDir(env);
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name));
      expect(bytes.includes(secret), name).toBe(false);
      expect(bytes.includes(prompt), name).toBe(false);
    }
  });

  it('a plan to which cx delivers a credential is not kept (OPENAI_API_KEY is delivered as CODEX_API_KEY)', async () => {
    const world = makeWorld();
    await settle();
    const inputs = inputsFor(world, ['+work', 'exec', 'hi'], world.repo, { ...world.env, OPENAI_API_KEY: 'sk-sentinel' });
    const fresh = await freshLaunch(inputs);
    expect(typeof fresh === 'string' ? {} : fresh.env).toHaveProperty('CODEX_API_KEY');
    expect((await planThroughCache(inputs)).notKept).toBe('cx sets a variable it does not set for every run');
    expect(hitFor(inputs)).toBeNull();
  });

  it('a plan with a warning, or one that refuses, is not kept', async () => {
    const world = makeWorld();
    await settle();
    // +nosuch: a profile that does not exist refuses.
    expect((await planThroughCache(inputsFor(world, ['+nosuch', 'exec', 'hi'], world.repo))).notKept).toBe('the plan refuses');
    // An untrusted .cxrc that would select: a warning (and the trust prompt, with a person there).
    writeFileSync(join(world.repo, '.cxrc'), 'play\n');
    await settle();
    expect((await planThroughCache(inputsFor(world, ['exec', 'hi'], world.repo))).notKept).toBe('the plan has a warning or an error');
  });

  it('a plan whose inputs changed within the racy window is not kept', async () => {
    const world = makeWorld();
    const inputs = inputsFor(world, ARGV, world.repo);
    writeFileSync(join(world.codexHome, 'work.config.toml'), 'model = "changed"\n');
    expect((await planThroughCache(inputs, cacheRun(inputs, 5_000_000_000n))).notKept).toMatch(/too recently/);
  });

  it('cx options bypass the cache, and CX_PLAN_CACHE unset never creates the directory', () => {
    // Through the built cx: a plain launch without the variable leaves no cache directory.
    const world = makeWorld();
    mkdirSync(join(world.home, '.config'), { recursive: true });
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'cx.js'), '+work', 'exec', 'hi'], { env: world.env, cwd: world.repo });
    expect(() => readdirSync(planCacheDir(world.env))).toThrow();
  });
});
