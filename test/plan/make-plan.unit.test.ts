// What makePlan decides for a command line, in-process from real files in temp directories (a
// profile file, a .cxrc, a fake codex that is never run): where -p goes, which refusals stop the
// launch and with which status, and what reaches codex's environment.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/cli/split-argv.ts';
import { type CxConfig, EMPTY_CX_CONFIG, parseCxConfig } from '../../src/config/cx-config.ts';
import { grantTrust } from '../../src/config/trust-store.ts';
import { EXIT } from '../../src/exit-status.ts';
import { GUARD_VAR } from '../../src/launch/recursion-guard.ts';
import { type Plan, makePlan, selectionFor } from '../../src/plan/make-plan.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

interface World {
  env: Record<string, string>;
  cwd: string;
  home: string;
  config: CxConfig;
}

function world(extraEnv: Record<string, string> = {}, cxConfig: string | null = null): World {
  const home = tempDir('cx-plan-home-');
  writeFileSync(join(home, 'work.config.toml'), 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n');
  const codex = writeScript(join(tempDir('cx-plan-bin-'), 'codex'), 'exit 0\n');
  const env = { PATH: '/usr/bin:/bin', HOME: tempDir('cx-plan-user-'), CODEX_HOME: home, CX_CODEX_BIN: codex, ...extraEnv };
  let config = EMPTY_CX_CONFIG;
  if (cxConfig !== null) {
    const path = join(tempDir('cx-plan-config-'), 'config.toml');
    writeFileSync(path, cxConfig);
    config = parseCxConfig({ path, text: cxConfig, data: parse(cxConfig) }, env);
  }
  return { env, cwd: tempDir('cx-plan-cwd-'), home, config };
}

function planFor(w: World, argv: readonly string[], over: { canExec?: boolean; interactive?: () => boolean } = {}): Plan {
  return makePlan({ invocation: splitArgv(argv), env: w.env, cwd: w.cwd, config: w.config, selfPaths: new Set(), pid: 1000, ppid: 999, canExec: over.canExec ?? false, interactive: over.interactive ?? (() => false) });
}

describe('where the selected profile goes', () => {
  it('`+work -C dir login` and `+work --cd dir login`: no -p for login, a warning, codex\'s arguments untouched', () => {
    const w = world();
    for (const cd of ['-C', '--cd']) {
      const plan = planFor(w, ['+work', cd, 'dir', 'login']);
      expect(plan.args).toEqual([cd, 'dir', 'login']);
      expect(plan.refusal).toBeNull();
      expect(plan.runtime).toBe(false);
      expect(plan.findings).toContainEqual(expect.objectContaining({ level: 'warning', code: 'profile-not-applicable' }));
    }
  });

  it('`+work -C dir exec hi`: -p in front, a model run', () => {
    const w = world();
    const plan = planFor(w, ['+work', '-C', 'dir', 'exec', 'hi']);
    expect(plan.args).toEqual(['-p', 'work', '-C', 'dir', 'exec', 'hi']);
    expect(plan.runtime).toBe(true);
    expect(plan.settings.provider).toBe('gw');
    expect(plan.profileFile).toBe(join(w.home, 'work.config.toml'));
  });

  it('`--yolo login` with a profile selected: login is the subcommand, no -p', () => {
    const plan = planFor(world({ CX_PROFILE: 'work' }), ['--yolo', 'login']);
    expect(plan.args).toEqual(['--yolo', 'login']);
    expect(plan.runtime).toBe(false);
  });

  it('a profile that exists nowhere is refused with 78', () => {
    const plan = planFor(world(), ['+nosuch', 'exec', 'hi']);
    expect(plan.refusal?.status).toBe(EXIT.config);
    expect(plan.findings).toContainEqual(expect.objectContaining({ code: 'profile-missing' }));
  });
});

describe('refusals and their status', () => {
  it('CODEX_HOME that is not a directory: 78; not for `--version`, which codex answers without it', () => {
    const w = world();
    const env = { ...w.env, CODEX_HOME: join(w.home, 'missing') };
    const plan = planFor({ ...w, env }, ['exec', 'hi']);
    expect(plan.refusal?.status).toBe(EXIT.config);
    expect(plan.findings).toContainEqual(expect.objectContaining({ level: 'error', code: 'codex-home-invalid' }));
    expect(plan.refusal?.hint).toBe('create that directory, or unset CODEX_HOME to use ~/.codex');
    expect(planFor({ ...w, env }, ['--version']).findings.map((f) => f.code)).not.toContain('codex-home-invalid');
  });

  it('started by cx in place of codex (the guard names our parent): 125; too deep: 125', () => {
    const w = world();
    const loop = planFor({ ...w, env: { ...w.env, [GUARD_VAR]: '999:spawn:1' } }, ['exec', 'hi']);
    expect(loop.refusal?.status).toBe(EXIT.recursion);
    expect(loop.refusal?.message).toContain('cx was started by cx in place of codex');
    const deep = planFor({ ...w, env: { ...w.env, [GUARD_VAR]: '5:spawn:8' } }, ['exec', 'hi']);
    expect(deep.refusal?.message).toContain('cx has been nested too deeply');
    expect(deep.refusal?.hint).toBe('set CX_CODEX_BIN to the real codex binary');
  });

  it('no codex: the finding and its status', () => {
    const w = world();
    const plan = planFor({ ...w, env: { ...w.env, CX_CODEX_BIN: join(w.home, 'no-codex') } }, ['exec', 'hi']);
    expect(plan.refusal).not.toBeNull();
    expect(plan.findings.map((f) => f.code)).toContain('codex-not-found');
    expect(plan.bin).toBeNull();
  });

  it('an untrusted .cxrc: ignored with a warning, refused with 77 under --cx-strict or CX_STRICT', () => {
    const w = world();
    writeFileSync(join(w.cwd, '.cxrc'), 'work\n');
    const plain = planFor(w, ['exec', 'hi']);
    expect(plain.refusal).toBeNull();
    expect(plain.selection.name).toBeNull();
    expect(plain.findings).toContainEqual(expect.objectContaining({ level: 'warning', code: 'cxrc-untrusted' }));
    expect(plain.findings.find((f) => f.code === 'cxrc-untrusted')?.message).toMatch(new RegExp(`^${join(w.cwd, '.cxrc')}:1 selects profile work but is not trusted; ignoring it`));
    expect(planFor(w, ['--cx-strict', 'exec', 'hi']).refusal?.status).toBe(EXIT.denied);
    expect(planFor({ ...w, env: { ...w.env, CX_STRICT: '1' } }, ['exec', 'hi']).refusal?.status).toBe(EXIT.denied);
    grantTrust(w.env, join(w.cwd, '.cxrc'), 'work\n');
    const trusted = planFor(w, ['exec', 'hi']);
    expect(trusted.selection.name).toBe('work');
    expect(trusted.cxrcs[0]?.trusted).toBe(true);
    expect(trusted.args.slice(0, 2)).toEqual(['-p', 'work']);
  });

  it('a .cxrc restriction the settings break: 77, even untrusted, one finding per violation', () => {
    const w = world({ CX_PROFILE: 'work' });
    writeFileSync(join(w.cwd, '.cxrc'), '[require]\nproviders = ["amazon-bedrock"]\n');
    const plan = planFor(w, ['exec', 'hi']);
    expect(plan.refusal?.status).toBe(EXIT.denied);
    expect(plan.refusal?.hint).toBe('choose a profile this directory allows; restrictions in every .cxrc up the tree apply whether or not it is trusted');
    expect(plan.findings.filter((f) => f.code === 'cxrc-restriction')).toHaveLength(1);
  });

  it('the first refusal gives the status when there are several', () => {
    const w = world();
    writeFileSync(join(w.cwd, '.cxrc'), 'work\n');
    const plan = planFor({ ...w, env: { ...w.env, CX_CODEX_BIN: join(w.home, 'no-codex') } }, ['--cx-strict', 'exec', 'hi']);
    expect(plan.refusal?.status).toBe(EXIT.denied);
  });
});

describe('the launch itself', () => {
  it('exec when this Node can, spawn when it cannot; the guard for the child says which', () => {
    const w = world();
    const exec = planFor(w, ['exec', 'hi'], { canExec: true });
    expect(exec.mode).toBe('exec');
    expect(exec.env[GUARD_VAR]).toBe('1000:exec:1');
    const spawn = planFor(w, ['exec', 'hi'], { canExec: false });
    expect(spawn.mode).toBe('spawn');
    expect(spawn.env[GUARD_VAR]).toBe('1000:spawn:1');
    expect(spawn.envAdded).toContain(GUARD_VAR);
  });

  it('a codex that execve could not start (a script without #!) is spawned', () => {
    const w = world();
    const bare = join(tempDir('cx-plan-bin-'), 'codex');
    writeScript(bare, 'exit 0\n');
    writeFileSync(bare, 'exit 0\n');
    expect(planFor({ ...w, env: { ...w.env, CX_CODEX_BIN: bare } }, ['exec', 'hi'], { canExec: true }).mode).toBe('spawn');
  });

  it('a tty rule asks whether a person is at a terminal, and only then', () => {
    const w = world({}, '[[rules]]\ntty = true\nprofile = "work"\n');
    let asked = 0;
    const at = planFor(w, ['exec', 'hi'], { interactive: () => (asked += 1) > 0 });
    expect(at.selection.name).toBe('work');
    expect(asked).toBe(1);
    expect(planFor(w, ['exec', 'hi'], { interactive: () => false }).selection.name).toBeNull();
    let none = 0;
    planFor(world(), ['exec', 'hi'], { interactive: () => (none += 1) > 0 });
    expect(none).toBe(0);
  });

  it('a rule on CI: a CI variable decides', () => {
    const w = world({ GITLAB_CI: 'true' }, '[[rules]]\nci = true\nprofile = "work"\n');
    expect(planFor(w, ['exec', 'hi']).selection.name).toBe('work');
    expect(planFor({ ...w, env: { ...w.env, CI: 'no' } }, ['exec', 'hi']).selection.name).toBeNull();
  });

  it('selectionFor: the selection alone, with -p in the arguments winning', () => {
    const w = world({ CX_PROFILE: 'work' });
    const input = { invocation: splitArgv(['-p', 'other', 'exec']), env: w.env, cwd: w.cwd, config: w.config, selfPaths: new Set<string>(), pid: 1, ppid: 0, canExec: false, interactive: () => false };
    expect(selectionFor(input, []).name).toBe('other');
    expect(selectionFor(input, []).source).toBe('flag');
  });
});
