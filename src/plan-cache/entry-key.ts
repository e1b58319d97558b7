import { keyedHash, seedsOf } from './keyed-hash.ts';

// The keyed hashes an entry is named and checked by (keyed-hash.ts, under the per-user key in the
// cache directory): an entry's name holds none of the arguments (which may be a prompt), and the
// digest of the variables none of their values.

/** What the plan was asked, beyond what the trace records: the entry's name is its hash. */
export interface KeyMaterial {
  argv: readonly string[];
  cwd: string;
  selfPaths: ReadonlySet<string>;
  version: string;
}

export interface Hasher {
  /** The entry's name. */
  name(material: KeyMaterial): string;
  /** The values of these variables (those set), bound to their names and order. */
  env(variables: readonly (readonly [string, string | undefined])[]): string;
  /** An entry's MAC. */
  mac(body: string): string;
}

export function hasher(key: Uint8Array): Hasher {
  const seeds = seedsOf(key);
  // A domain word first, so no hash made for one purpose can stand for another.
  const hmac = (domain: string, text: string): string => keyedHash(seeds, `${domain}\0${text}`);
  return {
    name: (m) => hmac('name', JSON.stringify([m.version, process.version, process.platform, process.arch, process.getuid?.() ?? -1, process.getgid?.() ?? -1, m.cwd, [...m.selfPaths].sort(), m.argv])),
    env: (variables) => hmac('env', JSON.stringify(variables.map(([name, value]) => [name, value ?? null]))),
    mac: (body) => hmac('mac', body),
  };
}
