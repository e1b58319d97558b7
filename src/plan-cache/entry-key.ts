// The keyed hashes an entry is named and checked by (HMAC-SHA-256 under the per-user key in the
// cache directory): an entry's name says nothing of the arguments (which may be a prompt), and a
// variable's recorded hash says nothing of its value to whoever reads the entry without the key.

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
  /** A variable's value, bound to its name. */
  value(name: string, value: string): string;
  /** An entry's MAC. */
  mac(body: string): string;
}

export function hasher(key: Buffer): Hasher {
  const crypto = process.getBuiltinModule('node:crypto');
  const hmac = (domain: string, text: string): string => crypto.createHmac('sha256', key).update(domain).update('\0').update(text).digest('hex');
  return {
    name: (m) =>
      hmac(
        'name',
        JSON.stringify([m.version, process.version, process.platform, process.arch, process.getuid?.() ?? -1, process.getgid?.() ?? -1, m.cwd, [...m.selfPaths].sort(), m.argv]),
      ),
    value: (name, value) => hmac('env', `${name}\0${value}`),
    mac: (body) => hmac('mac', body),
  };
}
