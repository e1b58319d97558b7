// A plan cache entry: its shape, how it is written, and how one read from disk is checked before
// anything in it is believed (shape, its own name, its MAC). Values of variables, arguments and
// secrets are never in it (docs/plan-cache.md, "What is never kept").

/** How a kept plan launches codex; the arguments come from the command line on each hit. */
export interface CachedLaunch {
  bin: string;
  mode: 'exec' | 'spawn';
  /** codex's arguments: an index is the command line's argument there (never stored), a string what cx adds (decide-keep.ts argsTemplate). */
  args: (number | string)[];
  /** Variables cx sets for codex (besides its guard), and those it removes. */
  set: Record<string, string>;
  unset: string[];
}

export interface PlanCacheEntry {
  /** The entry's name: the keyed hash of what the plan was asked (entry-key.ts). */
  key: string;
  /** Each variable the plan read, and whether it was set. */
  env: [string, boolean][];
  /** The keyed hash of their values (entry-key.ts). */
  envDigest: string;
  /** Path → fingerprint (fingerprint.ts). */
  files: [string, string][];
  launch: CachedLaunch;
}

export const ENTRY_VERSION = 1;

const HEX = /^[0-9a-f]{32}$/;

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isPairList<T>(value: unknown, second: (item: unknown) => item is T): value is [string, T][] {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isString(pair[0]) && second(pair[1]));
}

function isLaunch(value: unknown): value is CachedLaunch {
  if (typeof value !== 'object' || value === null) return false;
  const launch = value as Record<string, unknown>;
  const set = launch['set'];
  return (
    isString(launch['bin']) &&
    launch['bin'].startsWith('/') &&
    (launch['mode'] === 'exec' || launch['mode'] === 'spawn') &&
    Array.isArray(launch['args']) &&
    launch['args'].every((arg) => isString(arg) || (Number.isSafeInteger(arg) && (arg as number) >= 0)) &&
    typeof set === 'object' &&
    set !== null &&
    !Array.isArray(set) &&
    Object.values(set).every(isString) &&
    Array.isArray(launch['unset']) &&
    launch['unset'].every(isString)
  );
}

/** The bytes the MAC covers: the entry's fields in a fixed order. */
export function entryBody(entry: PlanCacheEntry): string {
  const { bin, mode, args, set, unset } = entry.launch;
  return JSON.stringify({ v: ENTRY_VERSION, key: entry.key, env: entry.env, envDigest: entry.envDigest, files: entry.files, launch: { bin, mode, args, set, unset } });
}

/** The file's text: the body with its MAC. */
export function serializeEntry(entry: PlanCacheEntry, mac: (body: string) => string): string {
  const body = entryBody(entry);
  return `${body.slice(0, -1)},"mac":${JSON.stringify(mac(body))}}`;
}

/**
 * An entry read from disk, or null unless every field has its shape, it names `key` (an entry
 * copied under another name is not another run's plan) and its MAC is right.
 */
export function parseEntry(text: string, key: string, mac: (body: string) => string): PlanCacheEntry | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const raw = data as Record<string, unknown>;
  const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
  if (raw['v'] !== ENTRY_VERSION || raw['key'] !== key || !isString(raw['mac']) || !isString(raw['envDigest']) || !HEX.test(raw['envDigest'])) return null;
  if (!isPairList(raw['env'], isBoolean) || !isPairList(raw['files'], isString) || !isLaunch(raw['launch'])) return null;
  const entry: PlanCacheEntry = { key, env: raw['env'], envDigest: raw['envDigest'], files: raw['files'], launch: raw['launch'] };
  if (Object.keys(raw).length !== 7 || !timingSafeEqualHex(mac(entryBody(entry)), raw['mac'])) return null;
  return entry;
}

function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
