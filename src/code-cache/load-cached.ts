// Loads a bundle (dist/cx.cjs, dist/cli/complete.cjs) with the V8 code cache the build or the
// install made for it (docs/code-cache.md), so V8 deserialises the compiled code instead of
// compiling ~170 KiB of JavaScript on every launch. Any doubt about the cache (missing, unreadable,
// not made from this very file, owned by someone else, writable by others, refused by V8) means a
// plain load, which behaves the same, only slower. This module never writes a cache: the build and
// the install do, through make-caches.ts.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { dirname, join } from 'node:path';
import type { Script } from 'node:vm';
import { CACHE_DIR_NAME, cacheFileName, dataOffset, flagsKey, trustProblem, type FileIdentity } from './cache-key.ts';

// The CommonJS Module class this very file was loaded by: requiring node:module for it would load
// Node's public module API as well (~0.35 ms), which a launch does not otherwise need.
const Module = (module as unknown as { constructor: typeof import('node:module') }).constructor;

export type CacheOutcome = 'accepted' | 'rejected' | 'missing' | 'unreadable' | 'stale' | 'untrusted-owner' | 'untrusted-mode';

/** A bundle compiled by this module, for make-caches.ts to serialise once its workload ran. */
export interface CompiledBundle {
  readonly bundle: string;
  readonly cacheFile: string;
  readonly identity: FileIdentity;
  readonly script: Script;
}

let recorder: ((compiled: CompiledBundle) => void) | null = null;

/** Used by make-caches.ts only (in-process, never through the environment): compile every bundle, ignore existing caches, and hand over the scripts. */
export function recordCompiledBundles(record: (compiled: CompiledBundle) => void): void {
  recorder = record;
}

/** Where the cache for `relative` (a path under dist/) lives, for the running Node. */
export function cacheFileFor(distDir: string, relative: string): string {
  const name = cacheFileName(relative, process.versions.v8, process.arch, flagsKey(process.execArgv, process.env['NODE_OPTIONS']));
  return join(distDir, '..', CACHE_DIR_NAME, name);
}

function debug(relative: string, outcome: CacheOutcome, cacheFile: string): void {
  if (process.env['CX_DEBUG']) process.stderr.write(`cx: debug: code cache ${outcome} for dist/${relative} (${cacheFile})\n`);
}

/** The cache file's bytes if it may be trusted, or why not. */
function readTrustedCache(cacheFile: string, bundle: string): Buffer | CacheOutcome {
  let fd: number;
  try {
    // A missing cache is the common miss: stat says so without building an exception (~0.15 ms).
    if (statSync(cacheFile, { throwIfNoEntry: false }) === undefined) return 'missing';
    fd = openSync(cacheFile, 'r');
  } catch {
    return 'unreadable';
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return 'unreadable';
    const problem = trustProblem(stat, typeof process.getuid === 'function' ? process.getuid() : null, () => fstatOwner(bundle));
    if (problem !== null) return problem === 'owner' ? 'untrusted-owner' : 'untrusted-mode';
    return readWhole(fd, stat.size);
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}

/** The whole file, its size known from the fstat just made (readFileSync would fstat again; as it, reads at most that size). */
function readWhole(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const read = readSync(fd, bytes, filled, size - filled, filled);
    if (read === 0) break;
    filled += read;
  }
  return filled === size ? bytes : bytes.subarray(0, filled);
}

function fstatOwner(file: string): number {
  try {
    const fd = openSync(file, 'r');
    try {
      return fstatSync(fd).uid;
    } finally {
      closeSync(fd);
    }
  } catch {
    return -1;
  }
}

function identityOf(fd: number): FileIdentity {
  const stat = fstatSync(fd, { bigint: true });
  return { size: stat.size, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs, ino: stat.ino };
}

/** Runs compiled CommonJS code as Node's own loader would, as module `file`, and returns its exports. */
function runAsModule(script: Script, file: string): unknown {
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  require.cache[file] = module;
  const wrapper = script.runInThisContext() as (this: unknown, ...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}

/**
 * Loads dist/`relative` (CommonJS) and returns its exports: from its code cache when there is a
 * trustworthy one for this Node, else with a plain require.
 */
export function loadCached(distDir: string, relative: string): unknown {
  const bundle = join(distDir, relative);
  const cacheFile = cacheFileFor(distDir, relative);
  const cache = recorder === null ? readTrustedCache(cacheFile, bundle) : 'missing';
  if (typeof cache === 'string' && recorder === null) {
    debug(relative, cache, cacheFile);
    return require(bundle);
  }
  const fd = openSync(bundle, 'r');
  let identity: FileIdentity;
  let source: string;
  try {
    identity = identityOf(fd);
    // esbuild writes ASCII (non-ASCII is escaped): as Latin-1 the text is the same and is copied,
    // not decoded, and V8 takes a one-byte string faster (−0.5 ms on Node 22). Checked, not assumed.
    const bytes = readWhole(fd, Number(identity.size));
    source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
  let cachedData: Buffer | undefined;
  if (cache instanceof Buffer) {
    const offset = dataOffset(cache, identity);
    if (offset === null) {
      debug(relative, 'stale', cacheFile);
      return require(bundle);
    }
    cachedData = cache.subarray(offset);
  }
  // Only now: node:vm costs ~0.25 ms to load, which a plain load does not pay.
  const vm = require('node:vm') as typeof import('node:vm');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: bundle,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData !== undefined) debug(relative, script.cachedDataRejected === true ? 'rejected' : 'accepted', cacheFile);
  recorder?.({ bundle, cacheFile, identity, script });
  return runAsModule(script, bundle);
}
