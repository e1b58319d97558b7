import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type Env, envValue, userHome } from '../config/home-dirs.ts';

// Where plan entries live and the checks that make a planted one harmless: a cache is a place an
// attacker would aim at, so nothing is read from a directory or file that someone else owns or
// could have written, and nothing is written there either (docs/plan-cache.md, "The entries").

/** An entry is a few KiB; anything bigger is not one of cx's. */
export const MAX_ENTRY_BYTES = 64 * 1024;
const KEY_BYTES = 32;

/** `$XDG_CACHE_HOME/cx/plans`, default `~/.cache/cx/plans`. */
export function planCacheDir(env: Env): string {
  return join(envValue(env, 'XDG_CACHE_HOME') ?? join(userHome(env), '.cache'), 'cx', 'plans');
}

function uid(): number {
  return process.getuid?.() ?? -1;
}

/** A real directory (not a symlink) of this user that no one else can write; `plans` also unreadable to others. */
function ownDirectory(path: string, mask: number): boolean {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.isDirectory() && stat.uid === uid() && (stat.mode & mask) === 0;
}

/** Whether the cache directory and its parent are the user's own and closed to others. */
export function usableDir(dir: string): boolean {
  return ownDirectory(join(dir, '..'), 0o022) && ownDirectory(dir, 0o077);
}

/** Creates the directory (0700) when missing; true when it is usable afterwards. */
export function ensureDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  return usableDir(dir);
}

/**
 * A file of this user in the cache directory, readable by no one else, regular, not a symlink,
 * at most `maxBytes`; null otherwise (missing, planted, swapped for something that blocks).
 */
export function readPrivateFile(path: string, maxBytes: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== uid() || (stat.mode & 0o077) !== 0 || stat.size > maxBytes) return null;
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return null;
    }
    return buffer.subarray(0, length);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Writes a private file: a temp file (0600, created exclusively) beside it, renamed over it. */
export function writePrivateFile(path: string, data: string | Buffer): boolean {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  let fd: number;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch {
    return false;
  }
  try {
    // One write of a few KiB to a fresh file: a short write does not happen in practice, and a
    // truncated entry fails to parse, so it is a miss, not a wrong hit.
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (writeSync(fd, bytes) !== bytes.length) throw new Error('short write');
    closeSync(fd);
    renameSync(temp, path);
    return true;
  } catch {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    rmSync(temp, { force: true });
    return false;
  }
}

/** The per-user HMAC key; made on first use when `create`. Null when it cannot be trusted or made. */
export function cacheKey(dir: string, create: boolean): Buffer | null {
  const path = join(dir, 'key');
  const key = readPrivateFile(path, KEY_BYTES);
  if (key !== null && key.length === KEY_BYTES) return key;
  if (!create) return null;
  const made = process.getBuiltinModule('node:crypto').randomBytes(KEY_BYTES);
  return writePrivateFile(path, made) ? made : null;
}
