// The codex releases cx supports, as installed for the tests: the newest is the pinned
// devDependency (node_modules), the oldest is unpacked into .cache/codex-VERSION by
// test/setup/ensure-codex-oldest.sh. The range itself is package.json's "cx"."codexRange" (read by
// that script, by cx doctor through the build, and here); versions are read from the installed
// packages, never written into a test.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, RUNTIMES } from './cx-process.ts';

export interface CodexUnderTest {
  end: 'oldest' | 'newest';
  version: string;
  /** The native binary. */
  bin: string;
  /** The npm launcher (bin/codex.js of @openai/codex). */
  launcher: string;
}

interface Range {
  oldest: string;
  newest: string;
}

/** package.json's "cx"."codexRange". */
export function supportedRange(): Range {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { cx?: { codexRange?: Partial<Range> } };
  const range = manifest.cx?.codexRange;
  if (typeof range?.oldest !== 'string' || typeof range.newest !== 'string') throw new Error('package.json has no "cx": {"codexRange": {"oldest", "newest"}}');
  return { oldest: range.oldest, newest: range.newest };
}

/** npm's platform package and Rust target triple for this machine (those the tests run on). */
function platform(): { pkg: string; triple: string } | null {
  if (process.platform === 'linux' && process.arch === 'x64') return { pkg: 'codex-linux-x64', triple: 'x86_64-unknown-linux-musl' };
  if (process.platform === 'linux' && process.arch === 'arm64') return { pkg: 'codex-linux-arm64', triple: 'aarch64-unknown-linux-musl' };
  return null;
}

/** The codex installed under `nodeModules` (an npm node_modules directory), or why there is none. */
function installedAt(end: CodexUnderTest['end'], nodeModules: string, wanted: string): CodexUnderTest | string {
  const target = platform();
  if (target === null) return `no codex package for ${process.platform}-${process.arch}`;
  const manifest = join(nodeModules, '@openai', 'codex', 'package.json');
  const launcher = join(nodeModules, '@openai', 'codex', 'bin', 'codex.js');
  const bin = join(nodeModules, '@openai', target.pkg, 'vendor', target.triple, 'bin', 'codex');
  if (!existsSync(manifest) || !existsSync(launcher) || !existsSync(bin)) return `codex ${wanted} is not installed in ${nodeModules}`;
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
  if (version !== wanted) throw new Error(`${manifest} is codex ${String(version)}, but the ${end} end of package.json's codexRange is ${wanted}: run \`npm ci\` (newest) or remove .cache/codex-* and run \`npm test\` (oldest)`);
  return { end, version, bin, launcher };
}

let announced = false;

/**
 * Both ends of the supported range, oldest first. The newest (a devDependency) must be installed;
 * the oldest is left out, with the reason on stderr, only when `npm test`'s setup could not
 * install it (a platform without a codex package, no registry).
 */
export function codexRange(): CodexUnderTest[] {
  const range = supportedRange();
  const oldest = installedAt('oldest', join(ROOT, '.cache', `codex-${range.oldest}`, 'node_modules'), range.oldest);
  const newest = installedAt('newest', join(ROOT, 'node_modules'), range.newest);
  if (typeof newest === 'string') throw new Error(`${newest}: run \`npm ci\``);
  if (typeof oldest === 'string') {
    if (!announced) process.stderr.write(`codex-range: testing codex ${range.newest} only: ${oldest} (sh test/setup/ensure-codex-oldest.sh installs it)\n`);
    announced = true;
    return [newest];
  }
  return [oldest, newest];
}

/** The newest end: the codex tests run when one release is enough. */
export function newestCodex(): CodexUnderTest {
  const newest = codexRange().at(-1);
  if (newest === undefined) throw new Error('no codex installed');
  return newest;
}

/** That install's node_modules/.bin: `codex` there is its npm launcher, as on a user's PATH. */
export function launcherBinDir(codex: CodexUnderTest): string {
  return join(dirname(codex.launcher), '..', '..', '..', '.bin');
}

export interface CodexRuntime {
  codex: CodexUnderTest;
  /** For titles: the codex and the Node, e.g. `codex 1.2.3 (newest), node 22 (execve)`. */
  name: string;
  /** The Node that runs cx. */
  node: string;
}

/**
 * Each codex of the range with the Node runtimes cx is run under: all of them (spawn and execve)
 * with the newest; with the oldest only this Node's (spawn) — how cx starts codex does not depend on
 * codex's release, and the whole matrix twice would double the e2e time.
 */
export function codexRuntimes(): CodexRuntime[] {
  return codexRange().flatMap((codex) =>
    (codex.end === 'newest' ? RUNTIMES : RUNTIMES.slice(0, 1)).map((runtime) => ({ codex, name: `codex ${codex.version} (${codex.end}), ${runtime.name}`, node: runtime.node })),
  );
}
