import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, parse as parsePath, resolve } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { realPath } from '../real-path.ts';

// The npm package @openai/codex installs `bin/codex.js`, a Node script that finds the native
// binary in a platform package and spawns it with a few CODEX_MANAGED_* variables set. cx does the
// same lookup itself and runs the native binary directly, so a launch costs one Node start, not
// two. Mirrors codex-cli 0.169.0's bin/codex.js.

const PLATFORM_PACKAGE_BY_TARGET: Readonly<Record<string, string>> = {
  'x86_64-unknown-linux-musl': '@openai/codex-linux-x64',
  'aarch64-unknown-linux-musl': '@openai/codex-linux-arm64',
  'x86_64-apple-darwin': '@openai/codex-darwin-x64',
  'aarch64-apple-darwin': '@openai/codex-darwin-arm64',
  'x86_64-pc-windows-msvc': '@openai/codex-win32-x64',
  'aarch64-pc-windows-msvc': '@openai/codex-win32-arm64',
};

const TARGET_BY_PLATFORM: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  linux: { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' },
  android: { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' },
  darwin: { x64: 'x86_64-apple-darwin', arm64: 'aarch64-apple-darwin' },
  win32: { x64: 'x86_64-pc-windows-msvc', arm64: 'aarch64-pc-windows-msvc' },
};

const MANAGED_BY_VARS = [
  'CODEX_MANAGED_BY_NPM',
  'CODEX_MANAGED_BY_BUN',
  'CODEX_MANAGED_BY_PNPM',
  'CODEX_MANAGED_BY_VITE_PLUS',
] as const;

type PackageManager = 'npm' | 'bun' | 'pnpm' | 'vite-plus';

export interface NpmLauncher {
  /** The launcher script (real path). */
  launcher: string;
  /** The @openai/codex package directory (real path). */
  packageRoot: string;
  /** The native binary the launcher would run, or null when its platform package is missing. */
  native: string | null;
  /** Variables the launcher sets for the native binary, and those it removes. */
  envSet: Readonly<Record<string, string>>;
  envUnset: readonly string[];
}

function readPackageName(packageJson: string): string | null {
  try {
    const data: unknown = JSON.parse(readFileSync(packageJson, 'utf8'));
    if (typeof data === 'object' && data !== null && 'name' in data && typeof data.name === 'string') return data.name;
  } catch {
    // not a package we know
  }
  return null;
}

export function targetTriple(platform: string, arch: string): string | null {
  return TARGET_BY_PLATFORM[platform]?.[arch] ?? null;
}

/** The npm package holding the native binary for a target triple. */
export function platformPackageOf(triple: string): string | null {
  return PLATFORM_PACKAGE_BY_TARGET[triple] ?? null;
}

/** Node's node_modules walk for `from` (what require.resolve tries first), as a few stats. */
function nodeModulesLookup(from: string, request: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', request);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return null;
  }
}

/** The launcher's own require.resolve, for what the walk cannot see (NODE_PATH, global folders). */
function requireResolve(launcher: string, request: string): string | null {
  try {
    // node:module only here, when the walk found nothing: loading it costs a launch ~0.35 ms.
    return process.getBuiltinModule('node:module').createRequire(launcher).resolve(request);
  } catch {
    return null;
  }
}

function findNative(launcher: string, packageRoot: string, platform: string, arch: string): string | null {
  const triple = targetTriple(platform, arch);
  const platformPackage = triple === null ? null : platformPackageOf(triple);
  if (triple === null || platformPackage === null) return null;
  const packageJson = nodeModulesLookup(dirname(launcher), `${platformPackage}/package.json`) ?? requireResolve(launcher, `${platformPackage}/package.json`);
  const vendorRoot = packageJson === null ? join(packageRoot, 'vendor') : join(dirname(packageJson), 'vendor');
  const native = join(vendorRoot, triple, 'bin', platform === 'win32' ? 'codex.exe' : 'codex');
  return existsSync(native) ? native : null;
}

function isPnpmOwned(nodeModulesDir: string, packageRoot: string): boolean {
  if (!existsSync(join(nodeModulesDir, '.modules.yaml'))) return false;
  try {
    return realPath(join(nodeModulesDir, '@openai', 'codex')) === packageRoot;
  } catch {
    return false;
  }
}

function isVitePlusOwned(packagesDir: string, packageRoot: string): boolean {
  if (basename(packagesDir) !== 'packages') return false;
  try {
    const metadata: unknown = JSON.parse(readFileSync(join(packagesDir, '@openai', 'codex.json'), 'utf8'));
    if (typeof metadata !== 'object' || metadata === null) return false;
    const record = metadata as Record<string, unknown>;
    if (record['name'] !== '@openai/codex') return false;
    const installId = typeof record['installId'] === 'string' ? record['installId'] : '';
    const installDir = installId.startsWith('#')
      ? join(packagesDir, `@openai/codex${installId}`)
      : join(packagesDir, '@openai/codex', installId);
    for (const nodeModulesDir of [join(installDir, 'lib', 'node_modules'), join(installDir, 'node_modules')]) {
      const root = join(nodeModulesDir, '@openai', 'codex');
      if (existsSync(root) && realPath(root) === packageRoot) return true;
    }
  } catch {
    // unreadable metadata never stops codex starting
  }
  return false;
}

/** The launcher's package-manager heuristics, which decide its CODEX_MANAGED_BY_* variable. */
function detectPackageManager(packageRoot: string, entrypoint: string, env: Env): PackageManager | null {
  // The two walks usually share their upper directories (node_modules/.bin and
  // node_modules/@openai/codex): each directory is probed once, which gives the same answer.
  const probed = new Set<string>();
  for (const startDir of new Set([packageRoot, dirname(resolve(entrypoint))])) {
    const root = parsePath(startDir).root;
    for (let dir = startDir; dir !== root; dir = dirname(dir)) {
      if (probed.has(dir)) continue;
      probed.add(dir);
      if (isVitePlusOwned(dir, packageRoot)) return 'vite-plus';
      if (isPnpmOwned(join(dir, 'node_modules'), packageRoot)) return 'pnpm';
    }
    if (!probed.has(root) && isPnpmOwned(join(root, 'node_modules'), packageRoot)) return 'pnpm';
    probed.add(root);
  }
  const userAgent = env['npm_config_user_agent'] ?? '';
  if (/\bbun\//.test(userAgent)) return 'bun';
  if ((env['npm_execpath'] ?? '').includes('bun')) return 'bun';
  const binDir = join(packageRoot, 'bin');
  if (binDir.includes('.bun/install/global') || binDir.includes('.bun\\install\\global')) return 'bun';
  return userAgent ? 'npm' : null;
}

const MANAGED_VAR: Readonly<Record<PackageManager, (typeof MANAGED_BY_VARS)[number]>> = {
  npm: 'CODEX_MANAGED_BY_NPM',
  bun: 'CODEX_MANAGED_BY_BUN',
  pnpm: 'CODEX_MANAGED_BY_PNPM',
  'vite-plus': 'CODEX_MANAGED_BY_VITE_PLUS',
};

/**
 * If `realPath` is @openai/codex's bin/codex.js, what it would run and with which environment.
 * `entrypoint` is the path as found (e.g. on PATH), which the launcher's heuristics also look at.
 */
export function readNpmLauncher(
  realPath: string,
  entrypoint: string,
  env: Env,
  platform: string = process.platform,
  arch: string = process.arch,
): NpmLauncher | null {
  if (basename(realPath) !== 'codex.js' || basename(dirname(realPath)) !== 'bin') return null;
  const packageRoot = dirname(dirname(realPath));
  if (readPackageName(join(packageRoot, 'package.json')) !== '@openai/codex') return null;
  const native = findNative(realPath, packageRoot, platform, arch);
  const manager = detectPackageManager(packageRoot, entrypoint, env);
  return {
    launcher: realPath,
    packageRoot,
    native,
    envSet: { CODEX_MANAGED_PACKAGE_ROOT: packageRoot, [MANAGED_VAR[manager ?? 'npm']]: '1' },
    envUnset: MANAGED_BY_VARS.filter((name) => name !== MANAGED_VAR[manager ?? 'npm']),
  };
}
