import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { CxConfig } from '../config/cx-config.ts';
import { type Env, envValue } from '../config/home-dirs.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { realPath } from '../real-path.ts';
import { type NpmLauncher, readNpmLauncher } from './npm-launcher.ts';
import { readShimFile } from './shim-marker.ts';

export type CodexSource = 'CX_CODEX_BIN' | 'codex_bin' | 'PATH';

export interface CodexLocation {
  /** What cx executes: the native binary when `found` is the npm launcher, else `found` itself. */
  bin: string;
  /** The codex as named or found, before looking through the npm launcher. */
  found: string;
  source: CodexSource;
  /** The npm launcher cx looked through, when it did. */
  npm: NpmLauncher | null;
  /** PATH entries passed over, and why (for explain). */
  skipped: { path: string; reason: string }[];
}

export interface FindCodexInput {
  env: Env;
  config: CxConfig;
  cwd: string;
  /** Real paths of cx itself (its bin script and the script that started this process). */
  selfPaths: ReadonlySet<string>;
  platform?: string;
  arch?: string;
}

function realpathOrNull(path: string): string | null {
  try {
    return realPath(path);
  } catch {
    return null;
  }
}

function isExecutableFile(path: string): boolean {
  try {
    // Most PATH entries hold no codex: a miss is an undefined, not a thrown (and dear) error.
    if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A small script carrying cx's shim marker is a `codex` that runs cx, not codex. */
function isCxShim(path: string): boolean {
  return readShimFile(path, true) !== null;
}

/** Why a candidate is cx rather than codex, or null when it is not cx. */
function cxItself(path: string, real: string, selfPaths: ReadonlySet<string>): string | null {
  if (selfPaths.has(real)) return real === path ? 'it is cx' : `it leads to cx (${real})`;
  if (isCxShim(path)) return 'it is a cx shim';
  return null;
}

function located(found: string, real: string, source: CodexSource, input: FindCodexInput, skipped: CodexLocation['skipped']): CodexLocation {
  const npm = readNpmLauncher(real, found, input.env, input.platform, input.arch);
  return { bin: npm?.native ?? found, found, source, npm, skipped };
}

/** A codex named explicitly (CX_CODEX_BIN or codex_bin) must exist, be executable and not be cx. */
function named(path: string, source: Exclude<CodexSource, 'PATH'>, where: string, input: FindCodexInput): CodexLocation {
  const absolute = isAbsolute(path) ? path : resolve(input.cwd, path);
  const real = realpathOrNull(absolute);
  const fix = source === 'CX_CODEX_BIN' ? 'point CX_CODEX_BIN at the real codex, or unset it' : 'fix codex_bin in cx\'s config, or remove it';
  if (real === null) throw new CxError(`${where}: codex not found at ${absolute}`, EXIT.notFound, fix);
  if (!isExecutableFile(absolute)) throw new CxError(`${where}: ${absolute} is not an executable file`, EXIT.notExecutable, fix);
  const itself = cxItself(absolute, real, input.selfPaths);
  if (itself !== null) throw new CxError(`${where}: ${absolute} is not codex: ${itself}`, EXIT.recursion, fix);
  return located(absolute, real, source, input, []);
}

/**
 * Finds the real codex: CX_CODEX_BIN, then codex_bin in cx's config, then the first `codex` on PATH
 * that is not cx itself (by real path, or a cx shim).
 */
export function findCodex(input: FindCodexInput): CodexLocation {
  const fromEnv = envValue(input.env, 'CX_CODEX_BIN');
  if (fromEnv !== undefined) return named(fromEnv, 'CX_CODEX_BIN', 'CX_CODEX_BIN', input);
  const fromConfig = input.config.codexBin;
  if (fromConfig !== null) return named(fromConfig.value, 'codex_bin', fromConfig.at, input);

  const skipped: CodexLocation['skipped'] = [];
  const seen = new Set<string>();
  const name = process.platform === 'win32' ? 'codex.exe' : 'codex';
  for (const entry of (input.env['PATH'] ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory, as in the shell.
    const dir = resolve(input.cwd, entry === '' ? '.' : entry);
    const candidate = join(dir, name);
    if (seen.has(candidate) || !isExecutableFile(candidate)) continue;
    seen.add(candidate);
    const real = realpathOrNull(candidate);
    if (real === null) continue;
    const itself = cxItself(candidate, real, input.selfPaths);
    if (itself !== null) {
      skipped.push({ path: candidate, reason: itself });
      continue;
    }
    return located(candidate, real, 'PATH', input, skipped);
  }

  const passed = skipped.length === 0 ? '' : ` (passed over ${skipped.map((s) => `${s.path}: ${s.reason}`).join('; ')})`;
  throw new CxError(
    `codex not found: looked at CX_CODEX_BIN (unset), codex_bin in cx's config (unset) and every \`codex\` on PATH${passed}`,
    EXIT.notFound,
    'install it with `npm i -g @openai/codex`, or set CX_CODEX_BIN to its path',
  );
}
