import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CxError } from '../cx-error.ts';
import { errnoCode } from '../errno-code.ts';
import { EXIT } from '../exit-status.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { CXRC_MAX_BYTES } from './cxrc.ts';
import { readTextFile } from './read-text-file.ts';
import { type Env, envValue, userHome } from './home-dirs.ts';

// Trust is one file per allowed (absolute path, exact content), named by their hash, as direnv
// does: checking it is one lstat, and editing or moving the file revokes it by construction.
// Only a record cx could have written counts: a regular file (not a directory, not a symlink to
// /etc/passwd), of this user, mode 0600, in directories nobody else can write to (else anyone could
// plant trust).

// node:crypto costs milliseconds to load, so only runs that meet a .cxrc load it.
function sha256(...parts: string[]): string {
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

export function stateDir(env: Env): string {
  return join(envValue(env, 'XDG_STATE_HOME') ?? join(userHome(env), '.local', 'state'), 'cx');
}

export function trustKey(path: string, content: string): string {
  return sha256(path, '\0', content);
}

export function trustRecordPath(env: Env, path: string, content: string): string {
  return join(stateDir(env), 'trust', trustKey(path, content));
}

const uid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);
const gid = (): number | null => (typeof process.getgid === 'function' ? process.getgid() : null);

/** Owned by this user (root's own files count for root). */
function ownedByMe(owner: number): boolean {
  const me = uid();
  return me === null || owner === me;
}

/**
 * Why the trust store cannot be relied on, or null: the trust directory, cx's state directory and
 * the one above it must each be (where they exist) a directory of this user that no one else can
 * write: not others, nor a group other than the user's own (above cx's own directory, a sticky
 * world-writable one like /tmp is fine).
 */
export function trustStoreProblem(env: Env): { message: string; fix: string } | null {
  const trust = join(stateDir(env), 'trust');
  const chain = [trust, dirname(trust), dirname(dirname(trust))];
  for (const [index, dir] of chain.entries()) {
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      continue; // not there yet: cx creates it 0700
    }
    const ours = index < 2;
    if (!stat.isDirectory()) return { message: `${dir} is not a directory`, fix: `remove it (cx creates it): rm ${dir}` };
    const sticky = (stat.mode & 0o1000) !== 0;
    if (ours && !ownedByMe(stat.uid)) return { message: `${dir} belongs to another user (uid ${stat.uid}), who could plant trust records there`, fix: `remove it (cx recreates it): rm -r ${dir}` };
    // Group-writable is fine when the group is the user's own (a private group, umask 002).
    const byGroup = (stat.mode & 0o020) !== 0 && stat.gid !== gid();
    const byOthers = (stat.mode & 0o002) !== 0;
    if ((byOthers || byGroup) && (ours || !sticky)) return { message: `${dir} is writable by ${byOthers ? 'everyone' : `its group (gid ${stat.gid})`}, who could plant trust records there`, fix: `chmod go-w ${dir}` };
  }
  return null;
}

/** Whether this record is one cx wrote: a regular file of this user, mode 0600 (lstat: a symlink is not). */
function isRecord(record: string): boolean {
  try {
    const stat = lstatSync(record);
    return stat.isFile() && ownedByMe(stat.uid) && (stat.mode & 0o777) === 0o600;
  } catch {
    return false;
  }
}

export function isTrusted(env: Env, path: string, content: string): boolean {
  return isRecord(trustRecordPath(env, path, content)) && trustStoreProblem(env) === null;
}

/** `cx trust`/`untrust` when the trust store cannot be written or relied on (EX_CANTCREAT, as `cx shim install`). */
function storeError(message: string, fix: string): CxError {
  return new CxError(message, EXIT.cantCreate, fix);
}

function requireSafeStore(env: Env): void {
  const problem = trustStoreProblem(env);
  if (problem) throw storeError(`the trust store is not safe: ${problem.message}`, problem.fix);
}

/** What a failed write or removal of a record means for the user (never an internal error). */
export function writeFailure(error: unknown, record: string, doing: string): CxError {
  const code = errnoCode(error);
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'a directory is in its place',
    ERR_FS_EISDIR: 'a directory is in its place',
    ENOTDIR: 'a file is in the place of one of its directories',
    ENOTEMPTY: 'a directory is in its place',
  };
  const reason = (code && why[code]) ?? `${code ?? 'unknown error'}`;
  return storeError(`cannot ${doing} ${record}: ${reason}`, code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space, then run it again' : `check ${dirname(record)} (XDG_STATE_HOME sets where it is)`);
}

export function grantTrust(env: Env, path: string, content: string): string {
  requireSafeStore(env);
  const record = trustRecordPath(env, path, content);
  const contentHash = sha256(content);
  try {
    writeFileAtomic(record, `${JSON.stringify({ path, sha256: contentHash, trustedAt: new Date().toISOString() })}\n`);
  } catch (error) {
    throw writeFailure(error, record, 'write the trust record');
  }
  return record;
}

/** Removes trust in this content at this path; returns whether there was any. */
export function revokeTrust(env: Env, path: string, content: string): boolean {
  const record = trustRecordPath(env, path, content);
  const had = isRecord(record);
  let there: boolean;
  try {
    lstatSync(record);
    there = true;
  } catch {
    there = false;
  }
  if (!there) return false;
  // Whatever is at the record's path goes (a directory or a symlink is no trust, and in the way of
  // a later `cx trust`), but only what cx could have put there: no recursive removal.
  try {
    rmSync(record);
  } catch (error) {
    throw writeFailure(error, record, 'remove');
  }
  return had;
}

/** A trust record as `cx trust --list` shows it. */
export interface TrustRecord {
  /** The record's file name (the hash of path and content). */
  key: string;
  /** The .cxrc it trusts, as recorded; null for a record that does not say (cx wrote none such). */
  path: string | null;
  trustedAt: string | null;
  /** Whether the file at `path` still has the trusted content. */
  state: 'matches' | 'changed' | 'gone' | 'unknown';
}

/** The longest record cx reads (it writes ~200 bytes). */
const RECORD_MAX_BYTES = 4096;
const KEY = /^[0-9a-f]{64}$/;

function recordFields(file: string): { path: string | null; trustedAt: string | null } {
  const read = readTextFile(file, RECORD_MAX_BYTES);
  if (!read.ok) return { path: null, trustedAt: null };
  try {
    const data = JSON.parse(read.text) as { path?: unknown; trustedAt?: unknown };
    return { path: typeof data.path === 'string' ? data.path : null, trustedAt: typeof data.trustedAt === 'string' ? data.trustedAt : null };
  } catch {
    return { path: null, trustedAt: null };
  }
}

/** Whether the .cxrc at `path` still has the content the record `key` trusts (bounded read, as cx reads a .cxrc). */
function stateOf(key: string, path: string | null): TrustRecord['state'] {
  if (path === null) return 'unknown';
  const read = readTextFile(path, CXRC_MAX_BYTES);
  if (!read.ok) return read.missing ? 'gone' : 'changed';
  return trustKey(path, read.text) === key ? 'matches' : 'changed';
}

/** Every record cx wrote (regular files of this user, mode 0600), oldest first; refused when the store is not safe. */
export function trustRecords(env: Env): TrustRecord[] {
  requireSafeStore(env);
  const dir = join(stateDir(env), 'trust');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw writeFailure(error, dir, 'read');
  }
  const records = names
    .filter((name) => KEY.test(name) && isRecord(join(dir, name)))
    .map((key) => {
      const { path, trustedAt } = recordFields(join(dir, key));
      return { key, path, trustedAt, state: stateOf(key, path) };
    });
  return records.sort((a, b) => (a.trustedAt ?? '').localeCompare(b.trustedAt ?? '') || a.key.localeCompare(b.key));
}

/** Removes one record by its key (a name trustRecords gave). */
export function forgetRecord(env: Env, key: string): void {
  const record = join(stateDir(env), 'trust', key);
  try {
    rmSync(record);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw writeFailure(error, record, 'remove');
  }
}

/** Removes every record of the file at `path` (its current content and any earlier one); returns how many. */
export function revokeAllTrust(env: Env, path: string): number {
  let removed = 0;
  for (const record of trustRecords(env)) {
    if (record.path !== path) continue;
    forgetRecord(env, record.key);
    removed += 1;
  }
  return removed;
}
