// `cx migrate` as users run it: the built cx on a temporary CODEX_HOME, and the real codex
// reading the result.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { codexRange } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type ResponsesStandIn, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

const CONFIG = [
  '# my codex settings',
  'model = "gpt-5.5"  # everyone',
  'profile = "work"',
  '',
  '[profiles.work]',
  'model_provider = "nonexistent"',
  'model = "work-model"',
  '',
  '[profiles.work.model_providers.gateway]',
  'name = "Gateway"',
  'base_url = "http://127.0.0.1:9/v1"',
  '',
  '# providers everyone uses',
  '[model_providers.azure]',
  'name = "Azure"',
  'base_url = "https://example.openai.azure.com/openai"',
  '',
  '[profiles.home]',
  'model = "o3"',
  '',
].join('\n');

const AFTER = [
  '# my codex settings',
  'model = "gpt-5.5"  # everyone',
  '',
  '# providers everyone uses',
  '[model_providers.azure]',
  'name = "Azure"',
  'base_url = "https://example.openai.azure.com/openai"',
  '',
].join('\n');

function codexHome(files: Record<string, string> = { 'config.toml': CONFIG }): string {
  const home = tempDir('cx-migrate-home-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(home, name), text, { mode: 0o644 });
  return home;
}

/** Every file in the directory with its bytes, mode and mtime: to prove nothing changed. */
function snapshot(dir: string): Record<string, { text: string; mode: number; mtimeNs: bigint }> {
  const out: Record<string, { text: string; mode: number; mtimeNs: bigint }> = {};
  for (const name of readdirSync(dir).sort()) {
    const stat = statSync(join(dir, name), { bigint: true });
    out[name] = { text: readFileSync(join(dir, name), 'utf8'), mode: Number(stat.mode & 0o777n), mtimeNs: stat.mtimeNs };
  }
  return out;
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function migrate(home: string, args: string[] = []): ReturnType<typeof runCx> {
  return runCx(['migrate', ...args], { env: cleanEnv({ CODEX_HOME: home }), timeoutMs: 15_000 });
}

describe('cx migrate (dry run)', () => {
  it('shows what it would write and remove, and changes nothing', async () => {
    const home = codexHome();
    const before = snapshot(home);
    const result = await migrate(home);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(snapshot(home)).toEqual(before);
    expect(result.stdout).toContain('dry run: nothing is written');
    expect(result.stdout).toContain(`would create ${join(home, 'work.config.toml')} (mode 0600)`);
    expect(result.stdout).toContain(`would create ${join(home, 'home.config.toml')} (mode 0600)`);
    expect(result.stdout).toContain('    | model_provider = "nonexistent"');
    expect(result.stdout).toContain('    | [model_providers.gateway]');
    expect(result.stdout).toContain('moved model_providers.gateway to where codex reads it');
    expect(result.stdout).toMatch(/- +5 \| \[profiles\.work\]/);
    expect(result.stdout).toMatch(/- +9 \| \[profiles\.work\.model_providers\.gateway\]/);
    expect(result.stdout).toContain('top-level profile = "work"');
    expect(result.stdout).toContain('default_profile = "work"');
    expect(result.stdout).toContain('would back up config.toml');
    expect(result.stdout).toContain('would migrate 2 profiles');
  });

  it('says there is nothing to migrate without config.toml, without CODEX_HOME, or without legacy tables', async () => {
    const empty = tempDir('cx-migrate-empty-');
    for (const home of [empty, join(empty, 'missing'), codexHome({ 'config.toml': 'model = "m"\n', 'x.config.toml': '' })]) {
      const result = await migrate(home);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^cx migrate: nothing to migrate/);
    }
  });

  it('refuses unknown arguments with the usage status', async () => {
    const home = codexHome();
    const before = snapshot(home);
    for (const args of [['--force'], ['work'], ['--write', '--dry']]) {
      const result = await migrate(home, args);
      expect(result.exitCode).toBe(EXIT.usage);
      expect(result.stderr).toMatch(/^cx: unknown argument: .* \(cx migrate\) — `cx migrate --help` shows its usage$/);
      expect(result.stdout).toBe('');
    }
    expect(snapshot(home)).toEqual(before);
  });
});

describe('cx migrate --write', () => {
  it('creates the profile files (0600), backs up config.toml, and removes the tables; a second run is a no-op', async () => {
    const home = codexHome();
    const result = await migrate(home, ['--write']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`created ${join(home, 'work.config.toml')}`);
    expect(result.stdout).toContain('migrated 2 profiles');

    const names = readdirSync(home).sort();
    const backups = names.filter((n) => n.startsWith('config.toml.cx-backup-'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^config\.toml\.cx-backup-\d{8}T\d{6}Z$/);
    expect(names).toEqual(['config.toml', backups[0], 'home.config.toml', 'work.config.toml'].sort());

    const backup = join(home, backups[0] as string);
    expect(readFileSync(backup, 'utf8')).toBe(CONFIG);
    expect(mode(backup)).toBe(0o600);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toBe(AFTER);
    expect(mode(join(home, 'config.toml'))).toBe(0o600);

    expect(mode(join(home, 'work.config.toml'))).toBe(0o600);
    expect(parse(readFileSync(join(home, 'work.config.toml'), 'utf8'))).toEqual({
      model_provider: 'nonexistent',
      model: 'work-model',
      model_providers: { gateway: { name: 'Gateway', base_url: 'http://127.0.0.1:9/v1' } },
    });
    expect(parse(readFileSync(join(home, 'home.config.toml'), 'utf8'))).toEqual({ model: 'o3' });

    const before = snapshot(home);
    const again = await migrate(home, ['--write']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/^cx migrate: nothing to migrate/);
    expect(snapshot(home)).toEqual(before);
  });

  it('never overwrites an existing profile file: that table stays, the status says so', async () => {
    const home = codexHome({ 'config.toml': CONFIG, 'home.config.toml': 'model = "mine"\n' });
    const result = await migrate(home, ['--write']);
    expect(result.exitCode).toBe(EXIT.config);
    expect(result.stderr).toBe(`cx: migrate left [profiles.home] in ${join(home, 'config.toml')}; see above for what to do`);
    expect(result.stdout).toContain(`${join(home, 'home.config.toml')} already exists and cx never overwrites it`);
    expect(readFileSync(join(home, 'home.config.toml'), 'utf8')).toBe('model = "mine"\n');
    expect(mode(join(home, 'home.config.toml'))).toBe(0o644);
    const config = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(config).toBe(`${AFTER}\n[profiles.home]\nmodel = "o3"\n`);
    expect(parse(readFileSync(join(home, 'work.config.toml'), 'utf8'))).toMatchObject({ model: 'work-model' });

    // Run again: still nothing overwritten, nothing else written.
    const before = snapshot(home);
    const again = await migrate(home, ['--write']);
    expect(again.exitCode).toBe(EXIT.config);
    expect(snapshot(home)).toEqual(before);
  });

  it('refuses a profile written as dotted keys, and writes nothing for it', async () => {
    const text = 'model = "m"\nprofiles.x.model = "a"\n';
    const home = codexHome({ 'config.toml': text });
    const before = snapshot(home);
    const result = await migrate(home, ['--write']);
    expect(result.exitCode).toBe(EXIT.config);
    expect(result.stdout).toContain('move it to x.config.toml by hand');
    expect(snapshot(home)).toEqual(before);
  });

  it('reports a malformed config.toml with its file and line', async () => {
    const home = codexHome({ 'config.toml': 'model = "m"\n[profiles.x\n' });
    const result = await migrate(home, ['--write']);
    expect(result.exitCode).toBe(EXIT.config);
    expect(result.stderr).toContain(`${join(home, 'config.toml')}:2:`);
  });
});

describe.each(codexRange())('the real codex $version ($end) after cx migrate --write', (real) => {
  const standIns: ResponsesStandIn[] = [];
  afterEach(async () => {
    await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
  });

  /** The native codex, bounded, outside any repository, with nothing of the developer's environment. */
  function codex(home: string, args: string[]): Promise<CxResult> {
    return runProgram(real.bin, args, { env: cleanEnv({ CODEX_HOME: home }), cwd: tempDir('cx-migrate-cwd-'), timeoutMs: 15_000 });
  }
  const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries'];

  it('accepts -p NAME for the migrated profiles and reads their model_providers', async () => {
    const standIn = await startResponsesStandIn({ answer: 'migrated answer' });
    standIns.push(standIn);
    const home = codexHome({
      'config.toml': [
        CONFIG,
        '[profiles.gw]',
        'model_provider = "gateway"',
        'model = "gw-model"',
        '',
        '[profiles.gw.model_providers.gateway]',
        'name = "Gateway"',
        `base_url = "${standIn.url}/v1"`,
        'request_max_retries = 0',
        'stream_max_retries = 0',
        '',
      ].join('\n'),
    });

    // Before: codex refuses -p while the legacy table (and the selector) is there.
    const legacy = await codex(home, ['-p', 'work', ...EXEC, 'hi']);
    expect(legacy.timedOut).toBe(false);
    expect(legacy.exitCode).toBe(1);
    expect(legacy.stderr).toMatch(/--profile `work` cannot be used while .* contains legacy `profile = "work"` or `\[profiles\.work\]` config/);

    const result = await migrate(home, ['--write']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('moved model_providers.gateway to where codex reads it');

    // After: the profile file is applied (its provider does not exist, so codex stops right there).
    const applied = await codex(home, ['-p', 'work', ...EXEC, 'hi']);
    expect(applied.timedOut).toBe(false);
    expect(applied.exitCode).toBe(1);
    expect(applied.stderr).toContain('Model provider `nonexistent` not found');
    expect(applied.stderr).not.toContain('legacy');

    // The provider that sat, ignored, under [profiles.gw.model_providers] is now one codex reads
    // (even under --strict-config, which rejected it there): a real turn reaches the stand-in.
    const turn = await codex(home, ['-p', 'gw', '--strict-config', ...EXEC, 'say hi']);
    expect(turn.timedOut).toBe(false);
    expect(turn.stderr).not.toMatch(/unknown configuration field/);
    expect(turn.exitCode).toBe(0);
    expect(turn.stdout.trim()).toBe('migrated answer');
    expect(standIn.turns()).toHaveLength(1);
    expect((standIn.turns()[0]?.body as { model?: unknown } | null)?.model).toBe('gw-model');
  }, 60_000);
});
