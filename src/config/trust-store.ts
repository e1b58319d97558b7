import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { type Env, envValue, userHome } from './home-dirs.ts';

// Trust is one file per allowed (absolute path, exact content), named by their hash, as direnv
// does: checking it is one stat, and editing or moving the file revokes it by construction.

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

export function isTrusted(env: Env, path: string, content: string): boolean {
  return existsSync(trustRecordPath(env, path, content));
}

export function grantTrust(env: Env, path: string, content: string): string {
  const record = trustRecordPath(env, path, content);
  const contentHash = sha256(content);
  writeFileAtomic(record, `${JSON.stringify({ path, sha256: contentHash, trustedAt: new Date().toISOString() })}\n`);
  return record;
}

/** Removes trust in this content at this path; returns whether there was any. */
export function revokeTrust(env: Env, path: string, content: string): boolean {
  const record = trustRecordPath(env, path, content);
  const had = existsSync(record);
  rmSync(record, { force: true });
  return had;
}
