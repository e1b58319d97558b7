import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCxConfig } from '../../src/config/cx-config.ts';
import type { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cxErrorOf } from '../helpers/cx-error.ts';
import { tempDir } from '../helpers/cx-process.ts';

function configFile(text: string): string {
  const path = join(tempDir(), 'config.toml');
  writeFileSync(path, text);
  return path;
}

function loadError(env: Record<string, string>): CxError {
  return cxErrorOf(() => loadCxConfig(env), 'a config error');
}

describe('loadCxConfig', () => {
  it('is empty when there is no file', () => {
    expect(loadCxConfig({ HOME: tempDir() })).toMatchObject({ path: null, defaultProfile: null, codexBin: null });
  });

  it('reads $CX_CONFIG, else $XDG_CONFIG_HOME/cx/config.toml, else ~/.config/cx/config.toml', () => {
    const explicit = configFile('default_profile = "a"\n');
    expect(loadCxConfig({ CX_CONFIG: explicit }).defaultProfile).toEqual({ value: 'a', at: `${explicit}:1` });

    const xdg = tempDir();
    mkdirSync(join(xdg, 'cx'));
    writeFileSync(join(xdg, 'cx', 'config.toml'), '# mine\ndefault_profile = "b"\n');
    expect(loadCxConfig({ XDG_CONFIG_HOME: xdg }).defaultProfile?.value).toBe('b');

    const home = tempDir();
    mkdirSync(join(home, '.config', 'cx'), { recursive: true });
    writeFileSync(join(home, '.config', 'cx', 'config.toml'), 'default_profile = "c"\n');
    expect(loadCxConfig({ HOME: home }).defaultProfile?.value).toBe('c');
  });

  it('expands ~ in codex_bin and resolves relative paths against the file', () => {
    const path = configFile('codex_bin = "~/bin/codex"\n');
    expect(loadCxConfig({ CX_CONFIG: path, HOME: '/home/u' }).codexBin?.value).toBe('/home/u/bin/codex');
    const relative = configFile('codex_bin = "tools/codex"\n');
    expect(loadCxConfig({ CX_CONFIG: relative }).codexBin?.value).toBe(join(relative, '..', 'tools', 'codex'));
  });

  it.each([
    ['default_profile = \n', /:1:\d+: cx's config is not valid TOML: invalid value/],
    ['a = 1\na = 2\n', /:2:1: cx's config is not valid TOML/],
    ['\n\ndefault_profile = 3\n', /:3: `default_profile` must be a string/],
    ['default_profile = "a.b"\n', /:1: profile name `a.b` is not valid/],
    ['codex_bin = ""\n', /:1: `codex_bin` is empty/],
    ['x = 1\ndefualt_profile = "a"\n', /:1: unknown key `x`/],
    ['rules = 1\n', /:1: `rules` must be an array/],
    ['fallbacks = []\n', /:1: `fallbacks` must be a table/],
  ])('names file and line for %j', (text, message) => {
    const path = configFile(text);
    const error = loadError({ CX_CONFIG: path });
    expect(error.status).toBe(EXIT.config);
    expect(error.message.startsWith(path)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('says what is wrong with a config that is a directory or unreadable', () => {
    const dir = tempDir();
    expect(loadError({ CX_CONFIG: dir }).message).toContain('is a directory');
    const path = configFile('default_profile = "a"\n');
    chmodSync(path, 0o000);
    // root reads anything; the check only means something for other users
    if (process.getuid?.() !== 0) expect(loadError({ CX_CONFIG: path }).message).toContain('not readable');
  });
});
