import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readTextFile } from '../config/read-text-file.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';

export interface EnvFile {
  path: string;
  /** What codex itself will load from it: names starting with CODEX_ (any case) are dropped. */
  values: ReadonlyMap<string, string>;
  /** Names in the file that codex drops (CODEX_…). */
  dropped: string[];
  /** Readable by group or others (mode & 0o077), as ssh complains of for keys. */
  tooOpen: boolean;
}

const MAX_BYTES = 1024 * 1024;

/**
 * `$CODEX_HOME/.env`, parsed with dotenv's parser (never its config(), which prints and writes
 * process.env). Loaded only when a credential is looked for there.
 */
export async function readEnvFile(codexHome: string): Promise<EnvFile | null> {
  const path = join(codexHome, '.env');
  const read = readTextFile(path, MAX_BYTES);
  if (!read.ok) {
    if (read.missing) return null;
    throw new CxError(`${path}: ${read.reason}`, EXIT.config, 'fix or remove the file');
  }
  const { parse } = await import('dotenv');
  const values = new Map<string, string>();
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(parse(read.text))) {
    if (/^codex_/i.test(name)) dropped.push(name);
    else values.set(name, value);
  }
  return { path, values, dropped, tooOpen: (statSync(path).mode & 0o077) !== 0 };
}
