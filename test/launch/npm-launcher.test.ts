import { copyFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpmLauncher, targetTriple } from '../../src/launch/npm-launcher.ts';
import { supportedRange } from '../helpers/codex-range.ts';
import { ROOT, tempDir } from '../helpers/cx-process.ts';

const REAL_LAUNCHER = join(ROOT, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');

/** A global npm layout: PREFIX/lib/node_modules/@openai/{codex,codex-linux-x64}. */
function npmLayout(options: { native?: boolean; packageName?: string } = {}): { prefix: string; launcher: string; native: string } {
  const prefix = realpathSync(tempDir('cx-npm-'));
  const modules = join(prefix, 'lib', 'node_modules');
  const pkg = join(modules, '@openai', 'codex');
  mkdirSync(join(pkg, 'bin'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: options.packageName ?? '@openai/codex', version: supportedRange().newest }));
  copyFileSync(REAL_LAUNCHER, join(pkg, 'bin', 'codex.js'));
  const platformPkg = join(modules, '@openai', 'codex-linux-x64');
  const native = join(platformPkg, 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');
  mkdirSync(join(native, '..'), { recursive: true });
  writeFileSync(join(platformPkg, 'package.json'), JSON.stringify({ name: '@openai/codex-linux-x64' }));
  if (options.native !== false) writeFileSync(native, '#!/bin/sh\n', { mode: 0o755 });
  return { prefix, launcher: join(pkg, 'bin', 'codex.js'), native };
}

describe('readNpmLauncher', () => {
  it('maps platforms to the launcher\'s target triples', () => {
    expect(targetTriple('linux', 'x64')).toBe('x86_64-unknown-linux-musl');
    expect(targetTriple('darwin', 'arm64')).toBe('aarch64-apple-darwin');
    expect(targetTriple('linux', 'ia32')).toBeNull();
  });

  it('finds the native binary in the platform package, as the launcher does', () => {
    const { prefix, launcher, native } = npmLayout();
    const found = readNpmLauncher(launcher, join(prefix, 'bin', 'codex'), {}, 'linux', 'x64');
    expect(found?.native).toBe(native);
    expect(found?.packageRoot).toBe(join(prefix, 'lib', 'node_modules', '@openai', 'codex'));
  });

  it('sets the launcher\'s variables: npm by default, pnpm or bun when it would detect them', () => {
    const { prefix, launcher } = npmLayout();
    const root = join(prefix, 'lib', 'node_modules', '@openai', 'codex');
    expect(readNpmLauncher(launcher, launcher, {}, 'linux', 'x64')?.envSet).toEqual({ CODEX_MANAGED_PACKAGE_ROOT: root, CODEX_MANAGED_BY_NPM: '1' });
    expect(readNpmLauncher(launcher, launcher, { npm_config_user_agent: 'bun/1.2 npm/?' }, 'linux', 'x64')?.envSet).toMatchObject({ CODEX_MANAGED_BY_BUN: '1' });
    // bun run sets npm_execpath to itself, with or without a user agent naming it.
    expect(readNpmLauncher(launcher, launcher, { npm_execpath: '/home/u/.bun/bin/bun' }, 'linux', 'x64')?.envSet).toEqual({ CODEX_MANAGED_PACKAGE_ROOT: root, CODEX_MANAGED_BY_BUN: '1' });
    expect(readNpmLauncher(launcher, launcher, { npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js', npm_config_user_agent: 'npm/10' }, 'linux', 'x64')?.envSet).toEqual({ CODEX_MANAGED_PACKAGE_ROOT: root, CODEX_MANAGED_BY_NPM: '1' });
    writeFileSync(join(prefix, 'lib', 'node_modules', '.modules.yaml'), 'layoutVersion: 5\n');
    const pnpm = readNpmLauncher(launcher, launcher, {}, 'linux', 'x64');
    expect(pnpm?.envSet).toMatchObject({ CODEX_MANAGED_BY_PNPM: '1' });
    expect(pnpm?.envUnset).toEqual(['CODEX_MANAGED_BY_NPM', 'CODEX_MANAGED_BY_BUN', 'CODEX_MANAGED_BY_VITE_PLUS']);
  });

  it('reports a missing native binary instead of guessing', () => {
    const { launcher } = npmLayout({ native: false });
    expect(readNpmLauncher(launcher, launcher, {}, 'linux', 'x64')?.native).toBeNull();
  });

  it('is not fooled by another package\'s bin/codex.js', () => {
    const { launcher } = npmLayout({ packageName: 'not-codex' });
    expect(readNpmLauncher(launcher, launcher, {}, 'linux', 'x64')).toBeNull();
    expect(readNpmLauncher('/usr/bin/codex', '/usr/bin/codex', {}, 'linux', 'x64')).toBeNull();
  });
});
