// Where a selected profile's settings live (src/select/resolve-profile.ts), as codex 0.169 finds them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodexConfig } from '../../src/config/codex-config.ts';
import { profileDefinition, resolveProfile } from '../../src/select/resolve-profile.ts';
import { tempDir } from '../helpers/cx-process.ts';

function config() {
  const home = tempDir('cx-resolve-');
  writeFileSync(join(home, 'config.toml'), 'model = "base"\n[profiles.old]\nmodel = "legacy"\n[profiles.twice]\nmodel = "legacy-twice"\n');
  writeFileSync(join(home, 'new.config.toml'), 'model = "file"\n');
  writeFileSync(join(home, 'twice.config.toml'), 'model = "file-twice"\n');
  return { home, config: loadCodexConfig({ CODEX_HOME: home, HOME: home }) };
}

describe('resolveProfile', () => {
  it('no profile selected: none, contributing nothing', () => {
    const resolved = resolveProfile(config().config, null);
    expect(resolved).toEqual({ kind: 'none' });
    expect(profileDefinition(resolved)).toBeNull();
  });

  it('a profile file: its settings', () => {
    const { home, config: c } = config();
    const resolved = resolveProfile(c, 'new');
    expect(resolved).toMatchObject({ kind: 'file', definition: { name: 'new', kind: 'file', path: join(home, 'new.config.toml'), data: { model: 'file' } } });
    expect(profileDefinition(resolved)?.data).toEqual({ model: 'file' });
  });

  it('a legacy [profiles.NAME] table: its settings, from config.toml', () => {
    const resolved = resolveProfile(config().config, 'old');
    expect(resolved).toMatchObject({ kind: 'legacy', definition: { name: 'old', kind: 'legacy', data: { model: 'legacy' } } });
    expect(profileDefinition(resolved)?.data).toEqual({ model: 'legacy' });
  });

  it('both: the file\'s settings are the ones that count', () => {
    const resolved = resolveProfile(config().config, 'twice');
    expect(resolved).toMatchObject({ kind: 'both', file: { data: { model: 'file-twice' } }, legacy: { data: { model: 'legacy-twice' } } });
    expect(profileDefinition(resolved)?.data).toEqual({ model: 'file-twice' });
  });

  it('neither: missing, with every profile that exists, sorted', () => {
    const resolved = resolveProfile(config().config, 'nosuch');
    expect(resolved).toEqual({ kind: 'missing', name: 'nosuch', existing: ['new', 'old', 'twice'] });
    expect(profileDefinition(resolved)).toBeNull();
  });
});
