import { type BigIntStats, lstatSync, readdirSync, statSync } from 'node:fs';
import { PROFILE_SUFFIX } from '../config/codex-config.ts';
import { errnoCode } from '../errno-code.ts';
import { keyedHash } from './keyed-hash.ts';

// What a file is, as far as a plan can tell, in one string: device, inode, mode, owner, size and
// both times to the nanosecond. ctime cannot be set by a user, so an edit cannot be hidden by
// putting the mtime back.

/** The fingerprint of a path that does not exist. */
export const ABSENT = '-';

function describe(stat: BigIntStats): string {
  // A directory's size and times change with every entry made in it (codex's own files in
  // $CODEX_HOME on every run) and the planner never reads them: what it reads of a directory is
  // its listing (listingPrint) and the paths in it, each recorded on its own.
  if (stat.isDirectory()) return `${stat.dev}:${stat.ino}:${stat.mode}:${stat.uid}:${stat.gid}:dir`;
  return `${stat.dev}:${stat.ino}:${stat.mode}:${stat.uid}:${stat.gid}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** `lstat` of the path, and of its target when it is a symlink; ABSENT, or `!CODE` when it cannot be looked at. */
export function fingerprint(path: string): string {
  let link: BigIntStats | undefined;
  try {
    link = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    return `!${errnoCode(error) ?? 'error'}`;
  }
  if (link === undefined) return ABSENT;
  if (!link.isSymbolicLink()) return describe(link);
  let target: BigIntStats | undefined;
  try {
    target = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    return `${describe(link)}>!${errnoCode(error) ?? 'error'}`;
  }
  return `${describe(link)}>${target === undefined ? ABSENT : describe(target)}`;
}

/**
 * The latest mtime or ctime in a fingerprint (both of the link and of its target), in ns; 0n for
 * an absent path. A file this recent may change again within the same timestamp tick unseen.
 */
export function latestTimeNs(print: string): bigint {
  let latest = 0n;
  for (const part of print.split('>')) {
    const fields = part.split(':');
    if (fields.length !== 8) continue;
    for (const time of fields.slice(6)) {
      const ns = BigInt(time);
      if (ns > latest) latest = ns;
    }
  }
  return latest;
}

/** The mark of an identity fingerprint (what a realpath through a directory depends on). */
const IDENTITY = 'i:';

/**
 * What resolving a path through this component depends on: which file it is (device, inode), its
 * kind and permissions, and for a symlink its target; not its times, which change with every entry
 * made in a directory (a home directory, /tmp) and say nothing about the path's resolution.
 */
export function identity(path: string): string {
  let stat: BigIntStats | undefined;
  try {
    stat = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    return `${IDENTITY}!${errnoCode(error) ?? 'error'}`;
  }
  if (stat === undefined) return `${IDENTITY}${ABSENT}`;
  // A symlink's target can only change by replacing the link (a new inode).
  return `${IDENTITY}${stat.dev}/${stat.ino}/${stat.mode}/${stat.uid}/${stat.gid}`;
}

/** What marks a directory listing's record: the directory's path with this suffix (no path holds a NUL). */
export const LISTING = '\0ls';

/**
 * A listing of codex's home as the planner reads it (config/codex-config.ts listProfileFiles, the
 * only listing a plan makes): the names of profile files, sorted and hashed. Codex's own files
 * there (databases and their journals, which come and go on every run) do not count.
 */
export function listingPrint(dir: string, names?: readonly string[]): string {
  let listed = names;
  try {
    listed ??= readdirSync(dir);
  } catch (error) {
    return `!${errnoCode(error) ?? 'error'}`;
  }
  const profiles = listed.filter((name) => name.endsWith(PROFILE_SUFFIX)).sort();
  return keyedHash([0, 0, 0, 0], profiles.join('\0'));
}

/** Whether the path is still what `print` (fingerprint, identity or listing) recorded. */
export function stillMatches(path: string, print: string): boolean {
  if (path.endsWith(LISTING)) return print === listingPrint(path.slice(0, -LISTING.length));
  return print === (print.startsWith(IDENTITY) ? identity(path) : fingerprint(path));
}
