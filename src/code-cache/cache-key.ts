// What makes a V8 code cache for one bundle usable (docs/code-cache.md): the cache file's name holds
// what V8 itself would check (its version, the CPU architecture, the flags Node was started with),
// so caches for several Node versions sit side by side and a mismatch is a missing file, not a
// wasted read; its first line names the exact bundle file it was made from.

/** The directory, beside dist/ in the package, that holds the caches the build and install made. */
export const CACHE_DIR_NAME = '.code-cache';

/** The first word of a cache file's header line; a new format gets a new word. */
const MAGIC = 'cx-code-cache-1';

/** The bundle file a cache was made from: a rewrite or a copy changes ctime, and so the identity. */
export interface FileIdentity {
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly ino: bigint;
}

/** 32-bit FNV-1a, in hex: short and stable, and needs no node:crypto (slow to load). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The flags part of the key: `plain` for a Node started with no options (how cx runs), else a hash
 * of the command-line options and NODE_OPTIONS, which may carry V8 flags that change compiled code.
 */
export function flagsKey(execArgv: readonly string[], nodeOptions: string | undefined): string {
  const options = nodeOptions?.trim() ?? '';
  if (execArgv.length === 0 && options === '') return 'plain';
  return fnv1a([...execArgv, '\0', options].join('\n'));
}

/**
 * The cache file's name for a bundle path relative to dist/ (e.g. `cli/complete.cjs`). Plain string
 * work, no regular expression: this runs on every launch, before anything is cached. The parts are
 * Node's own version and architecture names and a hex hash; a separator in one becomes `_`.
 */
export function cacheFileName(bundle: string, v8Version: string, arch: string, flags: string): string {
  const part = (text: string): string => text.split('/').join('_').split('\\').join('_');
  return `${bundle.split('/').join('-')}.${part(v8Version)}.${part(arch)}.${part(flags)}.v8cache`;
}

export function formatHeader(identity: FileIdentity): string {
  return `${MAGIC} ${identity.size} ${identity.mtimeNs} ${identity.ctimeNs} ${identity.ino}\n`;
}

/**
 * Where V8's data starts when the cache's header line names exactly this bundle file, else null
 * (another file, or no header of ours). Compared with the line this identity would be written as:
 * no parsing, no regular expression and no BigInt on a launch, whose loader runs uncached.
 */
export function dataOffset(bytes: Uint8Array, identity: FileIdentity): number | null {
  const header = formatHeader(identity);
  if (bytes.length < header.length) return null;
  for (let i = 0; i < header.length; i += 1) {
    if (bytes[i] !== header.charCodeAt(i)) return null;
  }
  return header.length;
}

/**
 * Whether a cache file may be trusted, from its owner and mode: it must be owned by the user
 * running cx or by the owner of the bundle it belongs to (who can change the code anyway), and
 * writable by no one else. On Windows there are no such bits (`uid` is null): always trusted.
 */
export function trustProblem(
  cache: { readonly uid: number; readonly mode: number },
  uid: number | null,
  bundleOwner: () => number,
): 'owner' | 'mode' | null {
  if (uid === null) return null;
  if ((cache.mode & 0o022) !== 0) return 'mode';
  if (cache.uid !== uid && cache.uid !== bundleOwner()) return 'owner';
  return null;
}
