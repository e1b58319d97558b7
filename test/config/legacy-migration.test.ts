import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { loadCodexConfig } from '../../src/config/codex-config.ts';
import { type MigrationPlan, applyMigration, hasChanges, nothingToMigrate, planMigration, sameToml } from '../../src/config/legacy-migration.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { tempDir } from '../helpers/cx-process.ts';

/** A CODEX_HOME holding these files, and the plan for it. */
function planFor(configText: string | null, others: Record<string, string> = {}): { home: string; plan: MigrationPlan } {
  const home = tempDir('cx-migrate-plan-');
  if (configText !== null) writeFileSync(join(home, 'config.toml'), configText);
  for (const [name, text] of Object.entries(others)) writeFileSync(join(home, name), text);
  return { home, plan: planMigration(loadCodexConfig({ CODEX_HOME: home })) };
}

function exact(text: string): Record<string, unknown> {
  return parse(text, { integersAsBigInt: true }) as Record<string, unknown>;
}

describe('planMigration', () => {
  it('removes [profiles.NAME] and its sub-tables, keeping comments and formatting elsewhere', () => {
    const text = [
      '# my settings',
      'model = "gpt-5.5"   # the default',
      '',
      '[profiles.work]',
      'model = "work-model"',
      'model_provider = "azure"',
      '',
      '# Providers',
      '[model_providers.azure]',
      'name = "Azure"  # keep this comment',
      'base_url = "https://x.openai.azure.com/openai"',
      '',
      '[profiles.work.features]',
      'web_search = false',
      '',
      '[profiles.home]',
      'model = "o3"',
      '',
      '[tui]',
      'theme = "dark"',
      '',
    ].join('\n');
    const { home, plan } = planFor(text);
    expect(plan.left).toEqual([]);
    expect(plan.migrated.map((p) => p.name)).toEqual(['work', 'home']);
    expect(plan.newConfigText).toBe(
      [
        '# my settings',
        'model = "gpt-5.5"   # the default',
        '',
        '# Providers',
        '[model_providers.azure]',
        'name = "Azure"  # keep this comment',
        'base_url = "https://x.openai.azure.com/openai"',
        '',
        '[tui]',
        'theme = "dark"',
        '',
      ].join('\n'),
    );
    const work = plan.migrated[0];
    expect(work?.target).toBe(join(home, 'work.config.toml'));
    expect(work?.at).toBe(`${join(home, 'config.toml')}:4`);
    expect(work?.removed.map((r) => [r.first, r.last, r.header])).toEqual([
      [4, 6, '[profiles.work]'],
      [13, 14, '[profiles.work.features]'],
    ]);
    expect(exact(work?.text ?? '')).toEqual({ model: 'work-model', model_provider: 'azure', features: { web_search: false } });
    expect(work?.text).toMatch(/^# Profile `work`: moved here by `cx migrate` from the \[profiles\.work\] table/);
    expect(plan.migrated[1]?.target).toBe(join(home, 'home.config.toml'));
  });

  it('moves [profiles.X.model_providers.P] to [model_providers.P], where codex reads it, and says so', () => {
    const { plan } = planFor('[profiles.x]\nmodel_provider = "gw"\n\n[profiles.x.model_providers.gw]\nname = "Gateway"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\n');
    const x = plan.migrated[0];
    expect(x?.movedProviders).toEqual(['gw']);
    expect(x?.text).toContain('\n[model_providers.gw]\n');
    expect(exact(x?.text ?? '')).toEqual({ model_provider: 'gw', model_providers: { gw: { name: 'Gateway', base_url: 'http://127.0.0.1:9/v1', env_key: 'GW_KEY' } } });
    expect(x?.warnings).toEqual([]);
    expect(plan.newConfigText).toBe('');
  });

  it('warns when a moved provider redefines one of codex\'s built-in providers', () => {
    const { plan } = planFor('[profiles.x.model_providers.openai]\nbase_url = "http://127.0.0.1:9/v1"\n');
    expect(plan.migrated[0]?.warnings.join('\n')).toMatch(/built-in provider `openai`.*rename \[model_providers\.openai\] in x\.config\.toml/);
  });

  it('never plans to overwrite an existing profile file: that profile stays in config.toml', () => {
    const text = 'model = "m"\n\n[profiles.a]\nmodel = "a"\n\n[profiles.b]\nmodel = "b"\n';
    const { home, plan } = planFor(text, { 'a.config.toml': 'model = "mine"\n' });
    expect(plan.migrated.map((p) => p.name)).toEqual(['b']);
    expect(plan.left).toEqual([expect.objectContaining({ name: 'a', reason: 'conflict', at: `${join(home, 'config.toml')}:3` })]);
    expect(plan.left[0]?.message).toContain(`${join(home, 'a.config.toml')} already exists`);
    expect(plan.newConfigText).toBe('model = "m"\n\n[profiles.a]\nmodel = "a"\n');
  });

  it('changes nothing when the only profile conflicts', () => {
    const { plan } = planFor('[profiles.a]\nmodel = "a"\n', { 'a.config.toml': '' });
    expect(plan.newConfigText).toBeNull();
    expect(hasChanges(plan)).toBe(false);
    expect(nothingToMigrate(plan)).toBe(false);
  });

  it.each([
    ['top-level dotted keys', 'model = "m"\nprofiles.x.model = "a"\n', 'written as dotted keys or an inline table'],
    ['an inline table', 'profiles = { x = { model = "a" } }\n', 'written as dotted keys or an inline table'],
    ['dotted keys under [profiles]', '[profiles]\nx.model = "a"\n', 'written as dotted keys or an inline table'],
    ['an inline table under [profiles]', '[profiles]\nx = { model = "a" }\n', 'written as dotted keys or an inline table'],
    ['dotted keys plus a sub-table header', '[profiles]\nx.model = "a"\n\n[profiles.x.features]\nweb_search = false\n', 'partly written as dotted keys'],
  ])('refuses to rewrite a profile written as %s, and writes nothing for it', (_, text, message) => {
    const { plan } = planFor(text);
    expect(plan.migrated).toEqual([]);
    expect(plan.newConfigText).toBeNull();
    expect(plan.left).toEqual([expect.objectContaining({ name: 'x', reason: 'manual' })]);
    expect(plan.left[0]?.message).toContain(message);
    expect(plan.left[0]?.message).toContain('move it to x.config.toml by hand');
  });

  it('migrates the tables it can rewrite and leaves the hand-written forms', () => {
    const { plan } = planFor('[profiles]\nodd.model = "a"\n\n[profiles.ok]\nmodel = "b"\n');
    expect(plan.migrated.map((p) => p.name)).toEqual(['ok']);
    expect(plan.left.map((l) => l.name)).toEqual(['odd']);
    expect(plan.newConfigText).toBe('[profiles]\nodd.model = "a"\n');
  });

  it('removes a top-level `profile` key and reports it', () => {
    const { plan } = planFor('model = "m"\nprofile = "work"  # old\n\n[profiles.work]\nmodel = "w"\n');
    expect(plan.profileKey).toMatchObject({ value: 'work', line: 2, removed: true });
    expect(plan.profileKey?.lines?.lines).toEqual(['profile = "work"  # old']);
    expect(plan.newConfigText).toBe('model = "m"\n');
  });

  it('removes a top-level `profile` key even with no legacy tables', () => {
    const { plan } = planFor('"profile" = "x"\nmodel = "m"\n');
    expect(nothingToMigrate(plan)).toBe(false);
    expect(plan.profileKey).toMatchObject({ value: 'x', line: 1, removed: true });
    expect(plan.newConfigText).toBe('model = "m"\n');
  });

  it('removes a bare [profiles] header once every profile under it has moved', () => {
    const all = planFor('model = "m"\n\n[profiles]\n# list\n\n[profiles.a]\nx = 1\n').plan;
    expect(all.emptyProfilesHeader).toMatchObject({ first: 3, last: 3, header: '[profiles]' });
    expect(all.newConfigText).toBe('model = "m"\n\n# list\n');
    const some = planFor('[profiles]\n\n[profiles.a]\nx = 1\n\n[profiles.b]\ny = 2\n', { 'b.config.toml': '' }).plan;
    expect(some.emptyProfilesHeader).toBeNull();
    expect(some.newConfigText).toBe('[profiles]\n\n[profiles.b]\ny = 2\n');
  });

  it('is not fooled by lines that look like headers inside multi-line strings and arrays', () => {
    const text = [
      'instructions = """',
      '[profiles.fake]',
      'x = 1',
      '"""',
      'matrix = [',
      '  [ "a" ],',
      '  [ "b" ]',
      ']',
      "literal = '''",
      '[profiles.z]',
      "'''",
      '[profiles.real]',
      'model = "r"',
      'notes = """',
      '[tui]',
      'ends with quotes here""""',
      '[tui]',
      'theme = "x"',
      '',
    ].join('\n');
    const { plan } = planFor(text);
    expect(plan.migrated.map((p) => p.name)).toEqual(['real']);
    expect(plan.migrated[0]?.removed.map((r) => [r.first, r.last])).toEqual([[12, 16]]);
    expect(exact(plan.migrated[0]?.text ?? '')).toEqual({ model: 'r', notes: '[tui]\nends with quotes here"' });
    expect(plan.newConfigText).toBe(text.split('\n').filter((_, k) => k < 11 || k > 15).join('\n'));
  });

  it('writes values back exactly: floats stay floats, dates and arrays of tables survive', () => {
    const text = [
      '[profiles.p]',
      'temperature = 1.0',
      'retries = 3',
      'since = 1979-05-27',
      'at = 1979-05-27T07:32:00-08:00',
      'quoted."key with space" = "v"',
      '',
      '[[profiles.p.mcp]]',
      'name = "one"',
      '',
      '[[profiles.p.mcp]]',
      'name = "two"',
      '',
    ].join('\n');
    const { plan } = planFor(text);
    const p = plan.migrated[0];
    expect(p?.text).toContain('temperature = 1.0\n');
    expect(p?.text).toContain('retries = 3\n');
    const reread = exact(p?.text ?? '');
    expect(sameToml(reread, (exact(text)['profiles'] as Record<string, unknown>)['p'])).toBe(true);
    expect(reread['mcp']).toEqual([{ name: 'one' }, { name: 'two' }]);
    expect(plan.newConfigText).toBe('');
  });

  it('recognises quoted and spaced headers', () => {
    const { plan } = planFor('a = 1\n\n[ profiles . "work" ]  # note\nmodel = "w"\n\n[profiles.\'work\'.features]\nx = true\n\n[other]\nb = 2\n');
    expect(plan.migrated[0]?.removed.map((r) => r.header)).toEqual(['[ profiles . "work" ]', "[profiles.'work'.features]"]);
    expect(plan.newConfigText).toBe('a = 1\n\n[other]\nb = 2\n');
  });

  it('handles CRLF line endings', () => {
    const { plan } = planFor('model = "m"\r\n\r\n[profiles.w]\r\nmodel = "w"\r\n\r\n[tui]\r\ntheme = "t"\r\n');
    expect(plan.newConfigText).toBe('model = "m"\r\n\r\n[tui]\r\ntheme = "t"\r\n');
    const last = planFor('model = "m"  \r\n\r\n[profiles.w]\r\nmodel = "w"\r\n\r\n').plan;
    expect(last.newConfigText).toBe('model = "m"  \r\n');
  });

  it('leaves a profile whose name codex cannot select', () => {
    const { plan } = planFor('[profiles."my.work"]\nmodel = "w"\n\n[profiles."../evil"]\nmodel = "e"\n');
    expect(plan.migrated).toEqual([]);
    expect(plan.left.map((l) => [l.name, l.reason])).toEqual([
      ['my.work', 'manual'],
      ['../evil', 'manual'],
    ]);
    expect(plan.left[0]?.message).toContain('codex cannot select a profile named "my.work"');
  });

  it('has nothing to migrate without config.toml or without legacy tables', () => {
    expect(nothingToMigrate(planFor(null).plan)).toBe(true);
    expect(nothingToMigrate(planFor('model = "m"\n[profiles]\n').plan)).toBe(true);
    expect(nothingToMigrate(planFor('model = "m"\n', { 'a.config.toml': '' }).plan)).toBe(true);
  });
});

describe('applyMigration', () => {
  const NOW = new Date('2026-01-02T03:04:05.678Z');

  it('writes the profile files, a backup and the new config.toml', () => {
    const original = '# keep\nmodel = "m"\n\n[profiles.w]\nmodel = "w"\n';
    const { home, plan } = planFor(original);
    const result = applyMigration(plan, NOW);
    const backup = join(home, 'config.toml.cx-backup-20260102T030405Z');
    expect(result).toEqual({ written: [join(home, 'w.config.toml')], backup, configRewritten: true });
    expect(readFileSync(backup, 'utf8')).toBe(original);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toBe('# keep\nmodel = "m"\n');
    expect(exact(readFileSync(join(home, 'w.config.toml'), 'utf8'))).toEqual({ model: 'w' });
    // A second backup in the same second gets its own name.
    writeFileSync(join(home, 'config.toml'), original);
    const again = applyMigration(planFor(original).plan, NOW);
    expect(again.backup).not.toBe(backup);
  });

  it('rewrites the file a symlinked config.toml points to, and keeps the link', () => {
    const dotfiles = tempDir('cx-migrate-dotfiles-');
    const real = join(dotfiles, 'codex.toml');
    writeFileSync(real, 'model = "m"\n\n[profiles.w]\nmodel = "w"\n');
    const home = tempDir('cx-migrate-plan-');
    symlinkSync(real, join(home, 'config.toml'));
    applyMigration(planMigration(loadCodexConfig({ CODEX_HOME: home })), NOW);
    expect(lstatSync(join(home, 'config.toml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('model = "m"\n');
    expect(readFileSync(join(home, 'config.toml.cx-backup-20260102T030405Z'), 'utf8')).toBe('model = "m"\n\n[profiles.w]\nmodel = "w"\n');
    expect(readdirSync(dotfiles)).toEqual(['codex.toml']);
  });

  it('refuses when config.toml changed since the plan, writing nothing', () => {
    const { home, plan } = planFor('[profiles.w]\nmodel = "w"\n');
    writeFileSync(join(home, 'config.toml'), '[profiles.w]\nmodel = "changed"\n');
    expect(() => applyMigration(plan, NOW)).toThrow(/changed while cx was migrating it; nothing was written/);
    expect(readdirSync(home).sort()).toEqual(['config.toml']);
  });

  it('never overwrites a profile file that appeared after the plan, and undoes what it wrote', () => {
    const original = '[profiles.a]\nx = 1\n\n[profiles.b]\ny = 2\n';
    const { home, plan } = planFor(original);
    writeFileSync(join(home, 'b.config.toml'), 'mine = true\n');
    let caught: unknown;
    try {
      applyMigration(plan, NOW);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CxError);
    expect((caught as CxError).status).toBe(EXIT.config);
    expect((caught as CxError).message).toContain('cx never overwrites a profile file');
    expect(readFileSync(join(home, 'b.config.toml'), 'utf8')).toBe('mine = true\n');
    expect(existsSync(join(home, 'a.config.toml'))).toBe(false);
    expect(readFileSync(join(home, 'config.toml'), 'utf8')).toBe(original);
    expect(readdirSync(home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
