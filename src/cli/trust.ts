import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Env } from '../config/home-dirs.ts';
import { type Cxrc, findCxrc, readCxrc } from '../config/cxrc.ts';
import { type TrustRecord, forgetRecord, grantTrust, revokeAllTrust, revokeTrust, stateDir, trustRecords } from '../config/trust-store.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { printableLine } from './printable.ts';
import { type KnownWords, knownWords, shownProfile, wordList } from '../check/known-words.ts';
import { loadCodexConfig, profileNames, userTables } from '../config/codex-config.ts';
import { loadCxConfig } from '../config/cx-config.ts';
import { builtinTable } from '../compat/table.ts';

/**
 * The path cx will find this file at when run in its directory: the working directory is always a
 * real path, so a directory reached through a symlink is resolved. The file itself is not: a
 * .cxrc that is a symlink is trusted as itself, at its own path.
 */
function inRealDirectory(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path; // reading it will say what is wrong
  }
}

/** The .cxrc a trust command is about: the one named, or the one in effect here. */
function target(named: string | undefined, cwd: string, verb: string): Cxrc {
  const path = named === undefined ? findCxrc(cwd) : inRealDirectory(resolve(cwd, named));
  if (path === null) throw new CxError(`no .cxrc in ${cwd} or above`, EXIT.usage, `name one: cx ${verb} FILE`);
  return readCxrc(path);
}

/** What a .cxrc means, quoting only words cx knows (known-words.ts): never a token it happens to hold. */
export function describeCxrc(cxrc: Cxrc, known: KnownWords): string {
  const parts: string[] = [];
  if (cxrc.profile) {
    const name = shownProfile(known, cxrc.profile.value);
    parts.push(name === null ? 'selects a profile that does not exist (name not shown)' : `selects profile ${name}`);
  }
  const require = cxrc.require;
  if (require?.providers) parts.push(`allows providers ${wordList(known, 'providers', require.providers)}`);
  if (require?.regions) parts.push(`allows regions ${wordList(known, 'regions', require.regions)}`);
  if (require?.featuresOff) parts.push(`requires off: ${wordList(known, 'features', require.featuresOff)}`);
  return parts.length === 0 ? 'says nothing' : parts.join('; ');
}

/** The words cx knows without a plan: the user's profiles and providers, the capability table. */
function knownHere(env: Env): KnownWords {
  const config = loadCodexConfig(env);
  const cx = loadCxConfig(env);
  return knownWords({ profiles: profileNames(config), tables: userTables(config), region: null, table: cx.compat ?? builtinTable() });
}

/** `cx trust [FILE]` / `cx untrust [FILE]`: one record per exact content at that path; untrust drops them all. */
export function trustFile(file: string | undefined, env: Env, cwd: string, grant: boolean): number {
  const cxrc = target(file, cwd, grant ? 'trust' : 'untrust');
  if (grant) {
    grantTrust(env, cxrc.path, cxrc.content);
    process.stdout.write(`cx: ${printableLine(`trusted ${cxrc.path} as it is now (${describeCxrc(cxrc, knownHere(env))}); editing or moving it revokes this`)}\n`);
    return 0;
  }
  const had = revokeTrust(env, cxrc.path, cxrc.content);
  // Records of the file's earlier contents no longer apply, but untrust means none of them.
  const earlier = revokeAllTrust(env, cxrc.path);
  const also = earlier > 0 ? ` (and ${earlier} record${earlier === 1 ? '' : 's'} of its earlier contents)` : '';
  process.stdout.write(`cx: ${printableLine(had ? `no longer trusting ${cxrc.path}${also}` : `${cxrc.path} was not trusted${earlier > 0 ? `; forgot ${earlier} record${earlier === 1 ? '' : 's'} of its earlier contents` : ''}`)}\n`);
  return 0;
}

const STATE_TEXT: Readonly<Record<TrustRecord['state'], string>> = {
  matches: 'trusted (matches)',
  changed: 'changed since (no longer trusted)',
  gone: 'file gone',
  unknown: 'record names no file',
};

/** `cx trust --list [--json]`: every record, its file, when, and whether the file still matches. */
export function listTrust({ json }: { json: boolean }, env: Env): number {
  const records = trustRecords(env);
  const store = join(stateDir(env), 'trust');
  if (json) {
    const document = { schemaVersion: 1, store, records: records.map((r) => ({ file: r.path, trustedAt: r.trustedAt, state: r.state, matches: r.state === 'matches' })) };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  if (records.length === 0) {
    process.stdout.write(`${printableLine(`cx: no trust records (${store})`)}\n`);
    return 0;
  }
  for (const r of records) process.stdout.write(`${printableLine(`${r.trustedAt ?? 'unknown time'}  ${STATE_TEXT[r.state]}  ${r.path ?? '?'}`)}\n`);
  return 0;
}

/** `cx trust --prune [--json]`: forgets the records whose file is gone or changed; says how many. */
export function pruneTrust({ json }: { json: boolean }, env: Env): number {
  const stale = trustRecords(env).filter((r) => r.state !== 'matches');
  for (const record of stale) forgetRecord(env, record.key);
  if (json) {
    const document = { schemaVersion: 1, pruned: stale.map((r) => ({ file: r.path, trustedAt: r.trustedAt, state: r.state })) };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`cx: forgot ${stale.length} trust record${stale.length === 1 ? '' : 's'} whose file is gone or changed\n`);
  return 0;
}
