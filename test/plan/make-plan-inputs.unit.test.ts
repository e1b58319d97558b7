// More of what makePlan decides, in-process from real files in temp directories: which .cxrc files
// count as trusted, git-remote rules, a trusted .cxrc naming a profile that does not exist, --remote
// runs, the npm launcher looked through, and the layers the settings come from.
import { chmodSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { type CxConfig, EMPTY_CX_CONFIG, parseCxConfig } from '../../src/config/cx-config.ts';
import { grantTrust } from '../../src/config/trust-store.ts';
import { profileLoginHome } from '../../src/credentials/profile-login-home.ts';
import { EXIT } from '../../src/exit-status.ts';
import { GUARD_VAR } from '../../src/launch/recursion-guard.ts';
import { type Plan, type PlanInput, makePlan, quickSettings, runDirectory } from '../../src/plan/make-plan.ts';
import { supportedRange } from '../helpers/codex-range.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

interface World {
  env: Record<string, string>;
  cwd: string;
  home: string;
  config: CxConfig;
}

const PROFILE = 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n';

function world(extraEnv: Record<string, string> = {}, cxConfig: string | null = null): World {
  const home = tempDir('cx-plan-home-');
  writeFileSync(join(home, 'work.config.toml'), PROFILE);
  const codex = writeScript(join(tempDir('cx-plan-bin-'), 'codex'), 'exit 0\n');
  const env = { PATH: '/usr/bin:/bin', HOME: tempDir('cx-plan-user-'), CODEX_HOME: home, CX_CODEX_BIN: codex, ...extraEnv };
  let config = EMPTY_CX_CONFIG;
  if (cxConfig !== null) {
    const path = join(tempDir('cx-plan-config-'), 'config.toml');
    writeFileSync(path, cxConfig);
    config = parseCxConfig({ path, text: cxConfig, data: parse(cxConfig) }, env);
  }
  return { env, cwd: realpathSync(tempDir('cx-plan-cwd-')), home, config };
}

function input(w: World, argv: readonly string[], over: Partial<PlanInput> = {}): PlanInput {
  return { invocation: splitArgv(argv), env: w.env, cwd: w.cwd, config: w.config, selfPaths: new Set(), pid: 1000, ppid: 999, canExec: false, interactive: () => false, ...over };
}

const planFor = (w: World, argv: readonly string[], over: Partial<PlanInput> = {}): Plan => makePlan(input(w, argv, over));
const codes = (plan: Plan): string[] => plan.findings.map((f) => f.code);

describe('.cxrc files and their trust', () => {
  it('a .cxrc that selects no profile is never marked trusted, even with a trust record for its content', () => {
    const w = world();
    const text = '[require]\nproviders = ["gw"]\n';
    writeFileSync(join(w.cwd, '.cxrc'), text);
    grantTrust(w.env, join(w.cwd, '.cxrc'), text);
    const plan = planFor(w, ['+work', 'exec', 'hi']);
    expect(plan.cxrcs.map((c) => c.trusted)).toEqual([false]);
    expect(plan.refusal).toBeNull();
    expect(plan.selection.steps.find((step) => step.source === 'cxrc')?.note).toBe('no .cxrc here or above selects a profile');
    expect(plan.findings).toEqual([]);
  });

  it('a trusted .cxrc naming a profile that exists nowhere: refused with 78, listing the profiles that exist', () => {
    const w = world();
    writeFileSync(join(w.cwd, '.cxrc'), 'nosuch\n');
    grantTrust(w.env, join(w.cwd, '.cxrc'), 'nosuch\n');
    const plan = planFor(w, ['exec', 'hi']);
    expect(plan.refusal?.status).toBe(EXIT.config);
    expect(plan.findings).toContainEqual(expect.objectContaining({ level: 'error', code: 'cxrc-profile-missing' }));
    expect(plan.refusal?.message).toContain('those that exist: work');
    expect(plan.refusal?.message).not.toContain('nosuch');
    // The name selects nothing: the refusal is the .cxrc's, not a missing profile's.
    expect(plan.selection.name).toBeNull();
    expect(codes(plan)).not.toContain('profile-missing');
  });

  it('…but not when a source before the .cxrc decided (CX_PROFILE), nor in a failover plan', () => {
    const w = world();
    writeFileSync(join(w.cwd, '.cxrc'), 'nosuch\n');
    grantTrust(w.env, join(w.cwd, '.cxrc'), 'nosuch\n');
    const decided = planFor({ ...w, env: { ...w.env, CX_PROFILE: 'work' } }, ['exec', 'hi']);
    expect(decided.refusal).toBeNull();
    expect(codes(decided)).not.toContain('cxrc-profile-missing');
    const fallback = planFor(w, ['exec', 'hi'], { fallback: { name: 'work', at: '/c.toml:3', why: 'gw failed' } });
    expect(codes(fallback)).not.toContain('cxrc-profile-missing');
    expect(fallback.selection).toMatchObject({ name: 'work', source: 'fallback' });
    expect(fallback.args.slice(0, 2)).toEqual(['-p', 'work']);
  });

  it('…nor does a rule after it decide instead: the .cxrc comes first, so the run is refused', () => {
    const w = world({}, '[[rules]]\npath = "/**"\nprofile = "work"\n');
    writeFileSync(join(w.cwd, '.cxrc'), 'nosuch\n');
    grantTrust(w.env, join(w.cwd, '.cxrc'), 'nosuch\n');
    const plan = planFor(w, ['exec', 'hi']);
    expect(plan.selection.source).toBe('rule');
    expect(plan.refusal?.status).toBe(EXIT.config);
    expect(codes(plan)).toContain('cxrc-profile-missing');
  });

  it('an untrusted .cxrc naming a profile that does not exist: only the untrusted warning, no refusal', () => {
    const w = world();
    writeFileSync(join(w.cwd, '.cxrc'), 'nosuch\n');
    const plan = planFor(w, ['exec', 'hi']);
    expect(plan.refusal).toBeNull();
    expect(codes(plan)).not.toContain('cxrc-profile-missing');
  });

  it('with no profile at all, the refusal says there are none', () => {
    const w = world();
    const empty = tempDir('cx-plan-empty-home-');
    writeFileSync(join(w.cwd, '.cxrc'), 'nosuch\n');
    const env = { ...w.env, CODEX_HOME: empty };
    grantTrust(env, join(w.cwd, '.cxrc'), 'nosuch\n');
    expect(planFor({ ...w, env }, ['exec', 'hi']).refusal?.message).toContain('there are none');
  });
});

describe('what the plan carries', () => {
  it('a .cxrc cx does not read (a symlink leading out of its directory): set aside with a warning, its profile not selected', () => {
    const w = world();
    const outside = join(tempDir('cx-plan-outside-'), 'secret');
    writeFileSync(outside, 'work\n');
    symlinkSync(outside, join(w.cwd, '.cxrc'));
    const plan = planFor(w, ['exec', 'hi']);
    expect(plan.cxrcs).toEqual([]);
    expect(plan.cxrcIgnored).toHaveLength(1);
    expect(plan.findings).toContainEqual(expect.objectContaining({ level: 'warning', code: 'cxrc-ignored', fix: 'replace it with a regular file of your own inside the repository' }));
    expect(plan.selection.name).toBeNull();
  });

  it('strict mode from --cx-strict or CX_STRICT; the profile file; the words a .cxrc may show, built when asked', () => {
    const w = world();
    expect(planFor(w, ['exec', 'hi']).strict).toBe(false);
    expect(planFor(w, ['--cx-strict', 'exec', 'hi']).strict).toBe(true);
    expect(planFor({ ...w, env: { ...w.env, CX_STRICT: '1' } }, ['exec', 'hi']).strict).toBe(true);
    expect(planFor(w, ['exec', 'hi']).profileFile).toBeNull();
    const plan = planFor(w, ['+work', 'exec', 'hi']);
    expect(plan.profileFile).toBe(join(w.home, 'work.config.toml'));
    const known = plan.known();
    expect(known.profiles.has('work')).toBe(true);
    expect(known.providers.has('gw')).toBe(true);
    expect(plan.known()).toBe(known);
  });
});

describe('the provider and region the checks judge', () => {
  const bedrock = (w: World): void => writeFileSync(join(w.home, 'br.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n');

  it('--oss with --local-provider replaces the profile\'s provider', () => {
    const w = world({ CX_PROFILE: 'work' });
    expect(planFor(w, ['--oss', '--local-provider', 'ollama', 'exec', 'hi']).settings.provider).toBe('ollama');
    expect(planFor(w, ['exec', 'hi']).settings.provider).toBe('gw');
  });

  it('Bedrock: the region from AWS_REGION in $CODEX_HOME/.env, else from the AWS profile (asked only then)', () => {
    const w = world({ CX_PROFILE: 'br' });
    bedrock(w);
    let asked: string[] = [];
    const awsProfileRegion = (profile: string) => (asked.push(profile), { region: 'ap-south-1', from: `region of AWS profile ${profile}` });
    const fromProfile = planFor(w, ['exec', 'hi'], { awsProfileRegion });
    expect([fromProfile.settings.region, fromProfile.settings.regionFromAwsProfile, asked]).toEqual(['ap-south-1', true, ['default']]);
    writeFileSync(join(w.home, '.env'), 'AWS_REGION=eu-west-3\n', { mode: 0o600 });
    asked = [];
    const fromEnvFile = planFor(w, ['exec', 'hi'], { awsProfileRegion });
    expect([fromEnvFile.settings.region, fromEnvFile.settings.regionFrom, asked]).toEqual(['eu-west-3', 'AWS_REGION in $CODEX_HOME/.env', []]);
  });
});

describe('rules on git remotes', () => {
  it('a git_remote rule reads the remotes of the run directory\'s repository, and selects', () => {
    const w = world({}, '[[rules]]\ngit_remote = "*acme-corp/*"\nprofile = "work"\n');
    mkdirSync(join(w.cwd, '.git'));
    writeFileSync(join(w.cwd, '.git', 'config'), '[remote "origin"]\n\turl = git@github.com:acme-corp/app.git\n');
    expect(planFor(w, ['exec', 'hi']).selection).toMatchObject({ name: 'work', source: 'rule' });
    const other = world({}, '[[rules]]\ngit_remote = "*acme-corp/*"\nprofile = "work"\n');
    expect(planFor(other, ['exec', 'hi']).selection.name).toBeNull();
  });

  it('-C DIR: the rules look at DIR\'s repository, not the working directory\'s', () => {
    const w = world({}, '[[rules]]\ngit_remote = "*acme-corp/*"\nprofile = "work"\n');
    const repo = realpathSync(tempDir('cx-plan-repo-'));
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(repo, '.git', 'config'), '[remote "origin"]\n\turl = https://github.com/acme-corp/app\n');
    const plan = planFor(w, ['-C', repo, 'exec', 'hi']);
    expect(plan.runDir).toBe(repo);
    expect(plan.selection.name).toBe('work');
  });
});

describe('-p given by the user', () => {
  it('is resolved even before a command that takes no -p from cx: its settings are the profile\'s, the arguments as given', () => {
    const w = world();
    const plan = planFor(w, ['-p', 'work', 'login']);
    expect(plan.resolved.kind).toBe('file');
    expect(plan.settings.provider).toBe('gw');
    expect(plan.args).toEqual(['-p', 'work', 'login']);
    expect(plan.findings).toEqual([]);
  });
});

describe('--remote runs', () => {
  it('an ambient profile is not applied to a --remote run; -p given by the user is passed as given', () => {
    const w = world({ CX_PROFILE: 'work' });
    const ambient = planFor(w, ['--remote', 'ws://127.0.0.1:9', 'exec', 'hi']);
    expect(ambient.args).toEqual(['--remote', 'ws://127.0.0.1:9', 'exec', 'hi']);
    expect(ambient.resolved.kind).toBe('none');
    expect(codes(ambient)).toContain('remote-profile-not-applied');
    const flagged = planFor(w, ['-p', 'work', '--remote', 'ws://127.0.0.1:9', 'exec', 'hi']);
    expect(flagged.resolved.kind).toBe('file');
    expect(flagged.args).toEqual(['-p', 'work', '--remote', 'ws://127.0.0.1:9', 'exec', 'hi']);
  });

  it('+PROFILE with --remote is refused (usage)', () => {
    const plan = planFor(world(), ['+work', '--remote', 'ws://127.0.0.1:9', 'exec', 'hi']);
    expect(plan.refusal?.status).toBe(EXIT.usage);
    expect(codes(plan)).toContain('remote-profile');
  });
});

describe('the settings layers', () => {
  it('config.toml, the profile, and -c overrides each in their layer; -c wins', () => {
    const w = world({ CX_PROFILE: 'work' });
    writeFileSync(join(w.home, 'config.toml'), 'model = "base"\napproval_policy = "never"\n');
    const plan = planFor(w, ['-c', 'model="fromargs"', 'exec', 'hi']);
    expect(plan.layers.config).toMatchObject({ model: 'base', approval_policy: 'never' });
    expect(plan.layers.profile).toMatchObject({ model: 'm' });
    expect(plan.layers.args).toEqual({ model: 'fromargs' });
    expect(plan.settings.model).toBe('fromargs');
    expect(plan.settings.provider).toBe('gw');
  });

  it('--ignore-user-config: neither config.toml nor the profile counts, and no project layer', () => {
    const w = world({ CX_PROFILE: 'work' });
    writeFileSync(join(w.home, 'config.toml'), `model = "base"\n[projects."${w.cwd}"]\ntrust_level = "trusted"\n`);
    mkdirSync(join(w.cwd, '.codex'));
    writeFileSync(join(w.cwd, '.codex', 'config.toml'), 'model = "project"\n');
    const normal = planFor(w, ['exec', 'hi']);
    expect(normal.projectLayers).toHaveLength(1);
    expect(normal.layers.project).toEqual({ model: 'project' });
    const ignored = planFor(w, ['--ignore-user-config', 'exec', 'hi']);
    expect(ignored.layers.config).toEqual({});
    expect(ignored.layers.profile).toEqual({});
    expect(ignored.projectLayers).toEqual([]);
    expect(ignored.layers.project).toEqual({});
  });

  it('`codex cloud` runs at OpenAI: a region rule cannot be met there, whatever region the config gives Bedrock', () => {
    const w = world();
    writeFileSync(join(w.home, 'config.toml'), 'model_provider = "amazon-bedrock"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n');
    writeFileSync(join(w.cwd, '.cxrc'), '[require]\nregions = ["eu-*"]\n');
    expect(planFor(w, ['exec', 'hi']).refusal).toBeNull();
    const cloud = planFor(w, ['cloud']);
    expect(cloud.refusal?.status).toBe(EXIT.denied);
    expect(cloud.refusal?.message).toContain('cannot be told');
  });

  it('`codex cloud` is judged as an OpenAI run by a .cxrc restriction; `cloud --help` is not judged', () => {
    const w = world({ CX_PROFILE: 'work' });
    writeFileSync(join(w.cwd, '.cxrc'), '[require]\nproviders = ["gw"]\n');
    expect(planFor(w, ['exec', 'hi']).refusal).toBeNull();
    const cloud = planFor(w, ['cloud']);
    expect(cloud.refusal?.status).toBe(EXIT.denied);
    expect(cloud.refusal?.message).toContain('provider openai is not allowed here');
    expect(planFor(w, ['cloud', '--help']).refusal).toBeNull();
    expect(planFor(w, ['login']).refusal).toBeNull();
  });
});

describe('the codex that runs', () => {
  /** A global npm layout: PREFIX/lib/node_modules/@openai/{codex,codex-linux-x64}, as npm-launcher.test.ts builds it. */
  function npmLayout(native: boolean): string {
    const prefix = realpathSync(tempDir('cx-plan-npm-'));
    const pkg = join(prefix, 'lib', 'node_modules', '@openai', 'codex');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@openai/codex', version: supportedRange().newest }));
    // Only its place and package name make it the launcher (npm-launcher.ts never runs it).
    writeScript(join(pkg, 'bin', 'codex.js'), '');
    const platformPkg = join(prefix, 'lib', 'node_modules', '@openai', 'codex-linux-x64');
    const bin = join(platformPkg, 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');
    mkdirSync(join(bin, '..'), { recursive: true });
    writeFileSync(join(platformPkg, 'package.json'), JSON.stringify({ name: '@openai/codex-linux-x64' }));
    if (native) writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    return join(pkg, 'bin', 'codex.js');
  }

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('the npm launcher: its native binary runs, with the launcher\'s variables; without one, the launcher runs, with a warning', () => {
    const w = world({ CODEX_MANAGED_BY_BUN: '1' });
    const launcher = npmLayout(true);
    const plan = planFor({ ...w, env: { ...w.env, CX_CODEX_BIN: launcher } }, ['exec', 'hi']);
    expect(plan.bin).toMatch(/vendor\/x86_64-unknown-linux-musl\/bin\/codex$/);
    expect(plan.findings).toContainEqual(expect.objectContaining({ level: 'info', code: 'npm-launcher-bypassed' }));
    expect(plan.env['CODEX_MANAGED_BY_NPM']).toBe('1');
    expect(plan.envAdded).toContain('CODEX_MANAGED_BY_NPM');
    expect(plan.env['CODEX_MANAGED_BY_BUN']).toBeUndefined();
    expect(plan.envRemoved).toContain('CODEX_MANAGED_BY_BUN');
    const bare = npmLayout(false);
    const noNative = planFor({ ...w, env: { ...w.env, CX_CODEX_BIN: bare } }, ['exec', 'hi']);
    expect(noNative.bin).toBe(bare);
    expect(noNative.findings).toContainEqual(expect.objectContaining({ level: 'warning', code: 'npm-launcher-no-native' }));
    expect(noNative.env['CODEX_MANAGED_BY_NPM']).toBeUndefined();
    expect(noNative.env['CODEX_MANAGED_BY_BUN']).toBe('1');
    expect(noNative.envAdded).toEqual([GUARD_VAR]);
  });

  it('CX_CODEX_BIN naming cx itself: refused with 125 as codex-is-cx, not as a codex that is missing', () => {
    const w = world();
    const plan = planFor(w, ['exec', 'hi'], { selfPaths: new Set([realpathSync(w.env['CX_CODEX_BIN'] ?? '')]) });
    expect(plan.refusal?.status).toBe(EXIT.recursion);
    expect(codes(plan)).toEqual(['codex-is-cx']);
  });

  it('the recursion refusal names the guard variable with its value', () => {
    const w = world();
    const plan = planFor({ ...w, env: { ...w.env, [GUARD_VAR]: '999:spawn:1' } }, ['exec', 'hi']);
    expect(plan.refusal?.message).toContain(`(${GUARD_VAR}=999:spawn:1)`);
  });
});

describe('runDirectory', () => {
  it('codex\'s -C DIR relative to the working directory, as a real path; one that does not exist as written', () => {
    const cwd = realpathSync(tempDir('cx-plan-rd-'));
    mkdirSync(join(cwd, 'sub'));
    expect(runDirectory(cwd, null)).toBe(cwd);
    expect(runDirectory(cwd, 'sub')).toBe(join(cwd, 'sub'));
    expect(runDirectory(cwd, 'sub/../sub/missing')).toBe(join(cwd, 'sub', 'missing'));
  });
});

describe('the quick settings cx status --prompt reads (no plan)', () => {
  it('the selected profile\'s provider and model over codex\'s config, and whether the profile exists', () => {
    const w = world();
    writeFileSync(join(w.home, 'config.toml'), 'model = "base-model"\nmodel_provider = "openai"\n');
    const quick = quickSettings(input(w, ['+work', 'exec', 'hi']));
    expect(quick.selection).toMatchObject({ name: 'work', source: 'plus' });
    expect(quick.settings).toMatchObject({ provider: 'gw', model: 'm' });
    expect(quick.missing).toBe(false);
  });

  it('no profile: codex\'s own config; a profile that does not exist: missing, codex\'s config alone', () => {
    const w = world();
    writeFileSync(join(w.home, 'config.toml'), 'model = "base-model"\n');
    const none = quickSettings(input(w, ['exec', 'hi']));
    expect(none.selection.name).toBeNull();
    expect(none.settings).toMatchObject({ provider: 'openai', model: 'base-model' });
    expect(none.missing).toBe(false);
    const gone = quickSettings(input(w, ['+nosuch', 'exec', 'hi']));
    expect(gone.missing).toBe(true);
    expect(gone.settings).toMatchObject({ provider: 'openai', model: 'base-model' });
  });

  it('a key in $CODEX_HOME/.env counts for the settings that depend on the environment', () => {
    const w = world();
    writeFileSync(join(w.home, '.env'), 'AWS_REGION=eu-west-1\n', { mode: 0o600 });
    writeFileSync(join(w.home, 'bed.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n');
    expect(quickSettings(input(w, ['+bed', 'exec', 'hi'])).settings).toMatchObject({ provider: 'amazon-bedrock', region: 'eu-west-1' });
  });
});

describe('a profile with a login of its own (cx login +PROFILE)', () => {
  const loginOf = (w: World, profile: string, mode = 0o700): string => {
    const dir = profileLoginHome(w.env, w.home, profile);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, mode);
    return dir;
  };

  it('codex is given the login\'s home, and its SQLite databases stay in the real one', () => {
    const w = world();
    const dir = loginOf(w, 'work');
    const plan = planFor(w, ['+work', 'exec', 'hi']);
    expect(plan.refusal).toBeNull();
    expect(plan.profileLogin).toEqual({ dir, problem: null, profile: 'work' });
    expect(plan.env['CODEX_HOME']).toBe(dir);
    expect(plan.env['CODEX_SQLITE_HOME']).toBe(resolve(w.home));
    expect(plan.envAdded).toEqual(expect.arrayContaining(['CODEX_HOME', 'CODEX_SQLITE_HOME']));
  });

  it('a CODEX_SQLITE_HOME the user set is left as set', () => {
    const w = world({ CODEX_SQLITE_HOME: '/elsewhere' });
    loginOf(w, 'work');
    expect(planFor(w, ['+work', 'exec', 'hi']).env['CODEX_SQLITE_HOME']).toBe('/elsewhere');
  });

  it('no login of its own: codex\'s home and databases as they are', () => {
    const w = world();
    const plan = planFor(w, ['+work', 'exec', 'hi']);
    expect(plan.profileLogin).toBeNull();
    expect(plan.env['CODEX_HOME']).toBe(w.home);
    expect(plan.env['CODEX_SQLITE_HOME']).toBeUndefined();
  });

  it('a login home others can read refuses the run (78), and codex is not pointed at it', () => {
    const w = world();
    const dir = loginOf(w, 'work', 0o755);
    const plan = planFor(w, ['+work', 'exec', 'hi']);
    expect(codes(plan)).toContain('profile-login-unsafe');
    expect(plan.refusal?.status).toBe(EXIT.config);
    expect(plan.refusal?.message).toBe(`the login of profile work cannot be used: ${dir} can be read or written by others (mode 755)`);
    expect(plan.env['CODEX_HOME']).toBe(w.home);
  });

  it('not looked for when no profile applies: none selected, a --remote run, a subcommand that takes no profile', () => {
    const w = world({ CX_PROFILE: 'work' });
    loginOf(w, 'work', 0o755); // would refuse if it were looked at
    for (const argv of [['--remote', 'ws://127.0.0.1:9', 'exec', 'hi'], ['+work', '--remote', 'ws://127.0.0.1:9', 'exec', 'hi'], ['login', 'status']]) {
      const plan = planFor(w, argv);
      expect(plan.profileLogin, argv.join(' ')).toBeNull();
      expect(codes(plan), argv.join(' ')).not.toContain('profile-login-unsafe');
    }
    const none = world();
    loginOf(none, 'work', 0o755);
    expect(planFor(none, ['exec', 'hi']).profileLogin).toBeNull();
  });
});
