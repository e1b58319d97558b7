// The plan cache's differential test: a seeded random walk mutates the world between runs (a
// .cxrc edited, added or removed; a profile; cx's config; codex's config; a trust record; an
// environment variable; PATH and the codex on it; the working directory and the arguments) and
// after every mutation the kept plan, when there is a hit, must launch exactly what a fresh plan
// launches (binary, mode, arguments, the whole environment) and the fresh plan must be one that
// shows nothing. In-process against the real planner (launch/pipeline.ts planLaunch) to stay fast.
// A failure prints the seed: CX_PLAN_CACHE_SEED=<seed> reruns the same walk.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grantTrust, revokeTrust } from '../../src/config/trust-store.ts';
import { writeScript } from '../helpers/fake-codex.ts';
import { prng } from '../helpers/prng.ts';
import { PROFILE_TEXT, freshLaunch, hitFor, inputsFor, makeWorld, planThroughCache, settle } from './world.ts';

const STEPS = 600;
/** Not vacuous: a walk that found few hits in its first STEPS goes on (up to MAX_STEPS) until it has. */
const MIN_HITS = 50;
const MAX_STEPS = 1500;
/** The walk must finish well inside the test's timeout. */
const TIME_BOUND_MS = 150_000;


describe('a kept plan never differs from a fresh one', () => {
  it(`over ${STEPS} random mutations of the world`, { timeout: TIME_BOUND_MS + 20_000 }, async () => {
    const seed = Number(process.env['CX_PLAN_CACHE_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const world = makeWorld();
    const cxConfig = join(world.home, '.config', 'cx', 'config.toml');
    mkdirSync(join(world.home, '.config', 'cx'), { recursive: true });
    const env: Record<string, string> = { ...world.env };
    const argvs = [['exec', 'hi'], ['+work', 'exec', 'hi'], ['+play', 'exec', 'a prompt'], ['-p', 'work', 'exec', 'x'], ['exec', '-C', 'sub', 'y'], ['--version'], ['exec', 'hi'], ['+work', 'exec', 'hi'], ['+nosuch', 'exec', 'z']];
    const cwds = [world.repo, world.sub, world.root, world.home];
    let argv = argvs[0] as string[];
    let cwd = world.repo;
    const cxrcText = ['work\n', 'play\n', 'nosuch\n', '[require]\nmodels = ["w"]\n', 'work\n[require]\nmodels = ["p"]\n'];

    const mutations: [string, () => string][] = [
      ['nothing', () => 'nothing'],
      // Back to a world that launches (only what differs is touched, so earlier entries can hit again).
      ['heal', () => {
        for (const name of Object.keys(env)) delete env[name];
        Object.assign(env, world.env);
        for (const dir of world.bins) {
          const bin = join(dir, 'codex');
          if (!existsSync(bin)) writeScript(bin, 'exit 0\n');
          else if ((statSync(bin).mode & 0o111) === 0) chmodSync(bin, 0o755);
        }
        rmSync(cxConfig, { force: true });
        return 'heal';
      }],
      ['.cxrc', () => {
        const at = join(pick([world.repo, world.sub]), '.cxrc');
        if (random() < 0.3) {
          rmSync(at, { force: true });
          return `rm ${at}`;
        }
        const text = pick(cxrcText);
        writeFileSync(at, text);
        return `write ${at} ${JSON.stringify(text)}`;
      }],
      ['trust', () => {
        const at = join(pick([world.repo, world.sub]), '.cxrc');
        const text = pick(cxrcText);
        if (random() < 0.5) {
          grantTrust(env, at, text);
          return `trust ${at} ${JSON.stringify(text)}`;
        }
        revokeTrust(env, at, text);
        return `untrust ${at} ${JSON.stringify(text)}`;
      }],
      ['profile', () => {
        const name = pick(['work', 'play', 'extra']);
        const at = join(world.codexHome, `${name}.config.toml`);
        if (random() < 0.25) {
          rmSync(at, { force: true });
          return `rm profile ${name}`;
        }
        const model = pick(['w', 'p', 'q', 'gpt-5']);
        writeFileSync(at, PROFILE_TEXT(model));
        return `profile ${name} model ${model}`;
      }],
      ['codex home', () => {
        // What codex itself makes and removes in its home on every run: not a profile.
        const at = join(world.codexHome, pick(['state_5.sqlite-wal', 'history.jsonl', 'x.config.toml.tmp']));
        if (random() < 0.5) rmSync(at, { force: true });
        else writeFileSync(at, String(random()));
        return `codex home ${at}`;
      }],
      ['cx config', () => {
        const text = pick([
          null,
          'default_profile = "work"\n',
          'default_profile = "play"\n',
          `[[rules]]\npath = "${world.repo}/**"\nprofile = "play"\n`,
          `[[rules]]\npath = "${world.sub}"\nprofile = "work"\n`,
          random() < 0.3 ? 'default_profile = \n' : 'default_profile = "work"\n',
        ]);
        if (text === null) rmSync(cxConfig, { force: true });
        else writeFileSync(cxConfig, text);
        return `cx config ${JSON.stringify(text)}`;
      }],
      ['codex config', () => {
        const text = pick(['model = "base"\n', 'model = "other"\n', 'model = "base"\n[profiles.legacy]\nmodel = "l"\n', 'model = "base"\n[profiles.work]\nmodel = "twice"\n']);
        writeFileSync(join(world.codexHome, 'config.toml'), text);
        return `codex config ${JSON.stringify(text)}`;
      }],
      ['env', () => {
        const name = pick(['CX_PROFILE', 'CX_PROFILE', 'CODEX_PROFILE', 'CI', 'UNRELATED', 'CX_STRICT', 'GW_KEY']);
        if (random() < 0.4) {
          delete env[name];
          return `unset ${name}`;
        }
        const value = pick(['work', 'play', 'work', 'play', 'nosuch', '1', '']);
        env[name] = value;
        return `${name}=${value}`;
      }],
      ['PATH', () => {
        const [one, two] = world.bins as [string, string];
        const value = pick([`${one}:/usr/bin:/bin`, `${two}:${one}:/usr/bin:/bin`, `${two}:/usr/bin:/bin`, `${one}:/usr/bin:/bin`, '/usr/bin:/bin', `:${one}`]);
        env['PATH'] = value;
        return `PATH=${value}`;
      }],
      ['codex binary', () => {
        const dir = pick(world.bins);
        const bin = join(dir, 'codex');
        const what = pick(['rewrite', 'rewrite', 'chmod -x', 'chmod +x', 'chmod +x', 'rm']);
        if (what === 'rewrite') writeScript(bin, `# ${random()}\nexit 0\n`);
        else if (what === 'rm') rmSync(bin, { force: true });
        else {
          try {
            chmodSync(bin, what === 'chmod -x' ? 0o644 : 0o755);
          } catch {
            // not there
          }
        }
        return `${what} ${bin}`;
      }],
      ['cwd', () => {
        cwd = pick(cwds);
        return `cd ${cwd}`;
      }],
      ['argv', () => {
        argv = pick(argvs);
        return `argv ${JSON.stringify(argv)}`;
      }],
    ];

    // The environment and the files a selection reads most often, so that a wrong hit has many chances.
    const weights: Record<string, number> = { nothing: 1, heal: 1, env: 4, '.cxrc': 2, trust: 2, profile: 2, 'cx config': 2, cwd: 2, argv: 2, PATH: 2 };
    const weighted = mutations.flatMap((mutation) => Array<[string, () => string]>(weights[mutation[0]] ?? 1).fill(mutation));
    const log: string[] = [];
    const counts = { steps: 0, hits: 0, kept: 0, notKept: 0, errors: 0, racy: 0 };
    const reasons = new Map<string, number>();
    const started = Date.now();
    for (let step = 0; step < STEPS || (counts.hits <= MIN_HITS && step < MAX_STEPS); step += 1) {
      expect(Date.now() - started, `seed ${seed}: the walk exceeded its time bound`).toBeLessThan(TIME_BOUND_MS);
      const [kind, mutate] = pick(weighted);
      log.push(`${step} ${kind}: ${mutate()}`);
      // Mostly past the racy window; sometimes not (a plan whose inputs just changed is not kept).
      const settled = random() < 0.85;
      if (settled) await settle();
      const inputs = inputsFor(world, argv, cwd, { ...env });
      const cached = hitFor(inputs);
      const fresh = await freshLaunch(inputs);
      const where = `seed ${seed} (CX_PLAN_CACHE_SEED=${seed} reruns it), step ${step}; last steps:\n${log.slice(-8).join('\n')}`;
      if (cached !== null) {
        counts.hits += 1;
        expect(fresh, where).toEqual(cached);
        expect(cached.quiet, where).toBe(true);
      }
      let through: Awaited<ReturnType<typeof planThroughCache>> | string;
      try {
        through = await planThroughCache(inputs);
      } catch (error) {
        through = error instanceof Error ? error.message : String(error);
      }
      if (typeof through === 'string') {
        counts.errors += 1;
        expect(through, where).toBe(fresh);
      } else {
        // Tracing changes nothing about the plan.
        expect(through.launched, where).toEqual(fresh);
        if (through.notKept === null) counts.kept += 1;
        else {
          counts.notKept += 1;
          reasons.set(through.notKept, (reasons.get(through.notKept) ?? 0) + 1);
        }
        if (through.notKept?.includes('too recently')) counts.racy += 1;
      }
      counts.steps += 1;
    }
    process.stdout.write(`plan cache differential: seed ${seed}, ${JSON.stringify(counts)}; not kept: ${JSON.stringify(Object.fromEntries(reasons))}\n`);
    expect(counts.steps).toBeGreaterThanOrEqual(500);
    // Not vacuous: the walk returns to earlier states often enough for many hits.
    expect(counts.hits, `seed ${seed}`).toBeGreaterThan(MIN_HITS);
    expect(counts.kept).toBeGreaterThan(50);
  });
});
