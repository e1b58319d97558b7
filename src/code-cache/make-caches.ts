// Makes the V8 code caches for the running Node (docs/code-cache.md): run by `npm run build` and,
// through bin/install-code-cache.js, at install. For each workload it starts a child Node that
// compiles the bundles through load-cached.ts and runs cx once in a throwaway home against a stub
// codex; as that child exits, it serialises what V8 compiled (the top level and every function the
// run called) into .code-cache/ beside dist/, atomically, not writable by anyone else. Then it
// checks that cx accepts the caches. Never writes anywhere else, never touches the user's files.
//
//   node dist/code-cache/make-caches.cjs            # build: reports, exits 1 if a cache is not made
//   node dist/code-cache/make-caches.cjs --install  # install: silent, always exits 0
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-write.ts';
import { platformPackageOf, targetTriple } from '../launch/npm-launcher.ts';
import { CACHE_DIR_NAME, formatHeader } from './cache-key.ts';
import type * as LoadCachedModule from './load-cached.ts';

const DIST = dirname(__dirname); // this file is dist/code-cache/make-caches.cjs
const BIN_CX = join(DIST, '..', 'bin', 'cx.js');
/** The loader as built (not a copy bundled into this file): the launch bundle uses the same one. */
const LOADER = join(DIST, 'code-cache', 'load-cached.cjs');

interface Workload {
  readonly bundles: readonly string[];
  readonly args: readonly string[];
}

/**
 * What a cache is made from: a launch with a profile (most launches select one: reading and
 * parsing its file is then compiled ahead too), a completion request, a shell prompt's status for
 * a profile, and a cx command (yargs). A function no workload calls is compiled at run time.
 */
const WORKLOADS: readonly Workload[] = [
  { bundles: ['cx.cjs'], args: ['+cache-b', '--version'] },
  { bundles: ['cli/complete.cjs'], args: ['__complete', 'profiles'] },
  { bundles: ['cli/status-prompt.cjs'], args: ['status', '--prompt', '+cache-b'] },
  { bundles: ['cli/dispatch.cjs', 'cli/yargs-factory.cjs', 'cli/profiles.cjs'], args: ['profiles'] },
];

/**
 * A stub codex installed as npm installs codex (node_modules/.bin/codex, the @openai/codex launcher
 * and its platform package with the native binary, here a shell script), so the run looks through
 * the launcher as a usual launch does. Returns the directory to put on PATH.
 */
function stubCodex(root: string): string {
  const nodeModules = join(root, 'node_modules');
  const bin = join(nodeModules, '.bin');
  mkdirSync(bin, { recursive: true });
  const triple = targetTriple(process.platform, process.arch);
  const platformPackage = triple === null ? null : platformPackageOf(triple);
  if (process.platform === 'win32' || triple === null || platformPackage === null) return bin;
  const launcher = join(nodeModules, '@openai', 'codex');
  mkdirSync(join(launcher, 'bin'), { recursive: true });
  writeFileSync(join(launcher, 'package.json'), '{ "name": "@openai/codex" }\n');
  writeFileSync(join(launcher, 'bin', 'codex.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
  const native = join(nodeModules, platformPackage, 'vendor', triple, 'bin');
  mkdirSync(native, { recursive: true });
  writeFileSync(join(nodeModules, platformPackage, 'package.json'), `{ "name": "${platformPackage}" }\n`);
  writeFileSync(join(native, 'codex'), '#!/bin/sh\necho "codex-cli 0.0.0"\n', { mode: 0o755 });
  symlinkSync(join('..', '@openai', 'codex', 'bin', 'codex.js'), join(bin, 'codex'));
  return bin;
}

/** An empty world: its own home and CODEX_HOME with two profiles, and a stub codex on PATH. */
function throwawayWorld(root: string): NodeJS.ProcessEnv {
  const codexHome = join(root, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), 'model = "o3"\n\n[profiles.cache-a]\nmodel = "a"\n');
  writeFileSync(join(codexHome, 'cache-b.config.toml'), 'model = "b"\n');
  return {
    PATH: [stubCodex(root), dirname(process.execPath)].join(process.platform === 'win32' ? ';' : ':'),
    HOME: root,
    USERPROFILE: root,
    CODEX_HOME: codexHome,
    XDG_CONFIG_HOME: join(root, '.config'),
    XDG_STATE_HOME: join(root, '.state'),
    ...(process.env['NODE_OPTIONS'] === undefined ? {} : { NODE_OPTIONS: process.env['NODE_OPTIONS'] }), // part of the key
    ...(process.env['SystemRoot'] === undefined ? {} : { SystemRoot: process.env['SystemRoot'] }),
  };
}

/** In the child: run cx with `args`, and on exit write the caches of `bundles` (what the workload is for). */
function child(bundles: readonly string[], args: readonly string[]): void {
  const loader = require(LOADER) as typeof LoadCachedModule;
  const compiled: LoadCachedModule.CompiledBundle[] = [];
  loader.recordCompiledBundles((bundle) => compiled.push(bundle));
  // spawn, not execve: execve would replace this process before it could write anything.
  Object.defineProperty(process, 'execve', { value: undefined, configurable: true, writable: true });
  process.on('exit', () => {
    for (const { bundle, cacheFile, identity, script } of compiled) {
      if (!bundles.some((name) => join(DIST, name) === bundle)) continue;
      const data = script.createCachedData();
      mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o755 });
      writeFileAtomic(cacheFile, Buffer.concat([Buffer.from(formatHeader(identity), 'latin1'), data]));
      // As readable as the bundle it is made from (which it reveals nothing beyond), so every user
      // of a system-wide install has it; writable by its owner only.
      chmodSync(cacheFile, statSync(bundle).mode & 0o644);
    }
  });
  process.argv = [process.execPath, BIN_CX, ...args];
  loader.loadCached(DIST, 'cx.cjs');
}

/** Runs cx once with CX_DEBUG and returns the bundles whose cache it accepted. */
function accepted(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string[] {
  const run = spawnSync(process.execPath, [BIN_CX, ...args], { env: { ...env, CX_DEBUG: '1' }, cwd, encoding: 'utf8', timeout: 60_000 });
  return [...(run.stderr ?? '').matchAll(/^cx: debug: code cache accepted for dist\/(\S+)/gm)].map((match) => match[1] ?? '');
}

function parent(install: boolean): number {
  const root = mkdtempSync(join(tmpdir(), 'cx-code-cache-'));
  const problems: string[] = [];
  try {
    const env = throwawayWorld(root);
    for (const workload of WORKLOADS) {
      const run = spawnSync(process.execPath, [__filename, '--child', workload.bundles.join(','), ...workload.args], { env, cwd: root, encoding: 'utf8', timeout: 60_000 });
      if (run.error) problems.push(`cx ${workload.args.join(' ')}: ${run.error.message}`);
      const got = accepted(workload.args, env, root);
      for (const bundle of workload.bundles) {
        if (!got.includes(bundle)) problems.push(`dist/${bundle}: cx did not accept the cache made for it${run.stderr ? ` (${run.stderr.trim().split('\n')[0]})` : ''}`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const where = join(DIST, '..', CACHE_DIR_NAME);
  if (problems.length === 0) {
    if (!install) process.stdout.write(`code cache: made and verified in ${where} for Node ${process.version} (V8 ${process.versions.v8}, ${process.arch})\n`);
    return 0;
  }
  if (install) return 0; // cx works without a cache: an install never fails for want of one
  process.stderr.write(`code cache: ${problems.join('; ')}\n`);
  return 1;
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--child') child((rest[0] ?? '').split(','), rest.slice(1));
else {
  let status = 0;
  try {
    status = parent(mode === '--install');
  } catch (error) {
    if (mode !== '--install') {
      process.stderr.write(`code cache: ${error instanceof Error ? error.message : String(error)}\n`);
      status = 1;
    }
  }
  process.exitCode = status;
}
