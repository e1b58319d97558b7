// cx looks through @openai/codex's npm launcher (bin/codex.js) and runs the native binary itself.
// Parity check: against a fake npm prefix holding the REAL launcher script (of each codex of the
// supported range) and an env-dumping
// "native binary", codex must receive the same argv and the same environment (the CODEX_MANAGED_*
// variables included) whether the real launcher or cx started it; cx only adds CX_LAUNCH_GUARD.
import { copyFileSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CodexUnderTest, codexRuntimes } from '../helpers/codex-range.ts';
import { CX_BIN, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { type Recorder, type Recording, SYSTEM_PATH, launchModeOf, recorderFake, run, runCxExact } from '../helpers/fake-codex.ts';

interface NpmPrefix {
  prefix: string;
  binDir: string;
  packageRoot: string;
  native: Recorder;
}

/** `PREFIX/lib/node_modules/@openai/codex{,-linux-x64}` and `PREFIX/bin/codex`, as `npm i -g` lays them out. */
function fakeNpmPrefix(codex: CodexUnderTest): NpmPrefix {
  const prefix = tempDir('cx-npm-');
  const modules = join(prefix, 'lib', 'node_modules', '@openai');
  const packageRoot = join(modules, 'codex');
  mkdirSync(join(packageRoot, 'bin'), { recursive: true });
  writeFileSync(join(packageRoot, 'package.json'), JSON.stringify({ name: '@openai/codex', version: codex.version, type: 'module', bin: { codex: 'bin/codex.js' } }));
  copyFileSync(codex.launcher, join(packageRoot, 'bin', 'codex.js'));
  const platformRoot = join(modules, 'codex-linux-x64');
  mkdirSync(platformRoot, { recursive: true });
  writeFileSync(join(platformRoot, 'package.json'), JSON.stringify({ name: '@openai/codex', version: `${codex.version}-linux-x64`, os: ['linux'], cpu: ['x64'] }));
  const native = recorderFake(join(platformRoot, 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex'));
  const binDir = join(prefix, 'bin');
  mkdirSync(binDir);
  symlinkSync('../lib/node_modules/@openai/codex/bin/codex.js', join(binDir, 'codex'));
  return { prefix, binDir, packageRoot: realpathSync(packageRoot), native };
}

function managed(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('CODEX_MANAGED_')));
}

const ARGS = ['exec', '--json', 'two words', '', 'ünï 🚀', '--', '-p', 'x'];

const CASES = [
  { name: 'a plain environment', extra: {} as Record<string, string> },
  { name: 'npm_config_user_agent from npm', extra: { npm_config_user_agent: 'npm/11.0.0 node/v20.20.2 linux x64' } },
  { name: 'npm_config_user_agent from bun', extra: { npm_config_user_agent: 'bun/1.2.0 npm/? node/v22 linux x64' } },
  { name: 'stale CODEX_MANAGED_* variables inherited', extra: { CODEX_MANAGED_BY_PNPM: '1', CODEX_MANAGED_BY_BUN: '1', CODEX_MANAGED_PACKAGE_ROOT: '/elsewhere' } },
];

const platformSupported = process.platform === 'linux' && process.arch === 'x64';

describe.skipIf(!platformSupported)('npm launcher parity', () => {
  for (const runtime of codexRuntimes()) {
    const mode = launchModeOf(runtime.node);

    describe(runtime.name, () => {
      let npm: NpmPrefix;
      beforeAll(() => {
        npm = fakeNpmPrefix(runtime.codex);
      });

      it.each(CASES)('same argv and environment as the real launcher: $name', async ({ extra }) => {
        const env = cleanEnv({ PATH: `${npm.binDir}:${SYSTEM_PATH}`, ...extra });
        const cwd = npm.prefix;

        npm.native.reset();
        const viaLauncher = await run(runtime.node, [join(npm.binDir, 'codex'), ...ARGS], { env, cwd });
        expect(viaLauncher.exitCode).toBe(0);
        const fromLauncher: Recording = npm.native.read();

        npm.native.reset();
        const viaCx = await runCxExact(runtime.node, ARGS, { env, cwd });
        expect(viaCx.stderr).toBe('');
        expect(viaCx.stdout).toBe('');
        expect(viaCx.exitCode).toBe(0);
        const fromCx: Recording = npm.native.read();

        expect(fromCx.argvBytes.equals(fromLauncher.argvBytes)).toBe(true);
        expect(fromCx.argv).toEqual(ARGS);
        expect(managed(fromCx.env)).toEqual(managed(fromLauncher.env));
        expect(managed(fromCx.env)['CODEX_MANAGED_PACKAGE_ROOT']).toBe(npm.packageRoot);
        const { CX_LAUNCH_GUARD: guard, ...cxRest } = fromCx.env;
        expect(cxRest).toEqual(fromLauncher.env);
        // No launcher in between: the native binary is cx's child (spawn) or cx's own pid (exec).
        expect(guard).toBe(`${mode === 'exec' ? fromCx.pid : fromCx.ppid}:${mode}:1`);
      });

      it('the launcher\'s package manager is the same one cx reports', async () => {
        const env = cleanEnv({ PATH: `${npm.binDir}:${SYSTEM_PATH}`, npm_config_user_agent: 'bun/1.2.0' });
        npm.native.reset();
        expect((await run(runtime.node, [join(npm.binDir, 'codex')], { env, cwd: npm.prefix })).exitCode).toBe(0);
        const fromLauncher = managed(npm.native.read().env);
        expect(fromLauncher['CODEX_MANAGED_BY_BUN']).toBe('1');
        const explained = await runCxExact(runtime.node, ['explain', '--json'], { env, cwd: npm.prefix });
        const plan = JSON.parse(explained.stdout) as { command: { bin: string }; env: { added: string[]; removed: string[] } };
        expect(plan.command.bin).toBe(npm.native.bin);
        expect(plan.env.added).toEqual(['CODEX_MANAGED_BY_BUN', 'CODEX_MANAGED_PACKAGE_ROOT', 'CX_LAUNCH_GUARD']);
      });

      it('bytes that are not UTF-8 in argv and env: cx does what the launcher does (Node decodes them)', async () => {
        // Node decodes argv and the environment as UTF-8, so invalid bytes become U+FFFD in any
        // Node launcher, the npm one included. Arguments go in through sh to get raw bytes there.
        const env = cleanEnv({ PATH: `${npm.binDir}:${SYSTEM_PATH}` });
        const script = 'BYTES=$(printf "a\\377b"); export BYTES; exec "$0" "$@" "$BYTES"';
        npm.native.reset();
        expect((await run('/bin/sh', ['-c', script, runtime.node, join(npm.binDir, 'codex'), 'exec'], { env, cwd: npm.prefix })).exitCode).toBe(0);
        const fromLauncher = npm.native.read();
        npm.native.reset();
        expect((await run('/bin/sh', ['-c', script, runtime.node, CX_BIN, 'exec'], { env, cwd: npm.prefix })).exitCode).toBe(0);
        const fromCx = npm.native.read();
        expect(fromCx.argvBytes.equals(fromLauncher.argvBytes)).toBe(true);
        expect(fromCx.env['BYTES']).toBe(fromLauncher.env['BYTES']);
        expect(fromCx.argv).toEqual(['exec', 'a\uFFFDb']);
      });
    });
  }
});
