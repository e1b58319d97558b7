// The codex releases cx is tested against: the oldest and the newest of the supported range.
// Provisional (the range helper of issue 12 §1–2 replaces this file at merge, same signature):
// `oldest` is the pinned devDependency in node_modules, `newest` a copy installed into
// .cache/codex-VERSION/ (`npm install --prefix .cache/codex-VERSION @openai/codex@VERSION`).
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CodexUnderTest {
  end: 'oldest' | 'newest';
  version: string;
  /** The native binary. */
  bin: string;
  /** The npm launcher (`@openai/codex/bin/codex.js`). */
  launcher: string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NATIVE = join('@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');

/** The codex installed under `nodeModules`, or null when it is not there. */
function installedAt(nodeModules: string): Omit<CodexUnderTest, 'end'> | null {
  const packageJson = join(nodeModules, '@openai', 'codex', 'package.json');
  const bin = join(nodeModules, NATIVE);
  if (!existsSync(packageJson) || !existsSync(bin)) return null;
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { version, bin: realpathSync(bin), launcher: realpathSync(join(nodeModules, '@openai', 'codex', 'bin', 'codex.js')) };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Both ends of the range that are installed here (one entry when only one is). */
export function codexRange(): CodexUnderTest[] {
  const cache = join(ROOT, '.cache');
  const found = [installedAt(join(ROOT, 'node_modules'))];
  if (existsSync(cache)) {
    for (const name of readdirSync(cache)) if (/^codex-\d/.test(name)) found.push(installedAt(join(cache, name, 'node_modules')));
  }
  const sorted = found.filter((c): c is Omit<CodexUnderTest, 'end'> => c !== null).sort((a, b) => compareVersions(a.version, b.version));
  const oldest = sorted[0];
  const newest = sorted.at(-1);
  if (oldest === undefined || newest === undefined) return [];
  if (oldest.version === newest.version) return [{ end: 'newest', ...newest }];
  return [{ end: 'oldest', ...oldest }, { end: 'newest', ...newest }];
}
