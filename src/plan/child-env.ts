import type { Env } from '../config/home-dirs.ts';

export interface ChildEnv {
  env: Record<string, string>;
  /** Names cx sets (new or changed), sorted. */
  added: string[];
  /** Names cx removes, sorted. */
  removed: string[];
}

/** The environment codex gets: the parent's, with cx's changes. Only names are reported, never values. */
export function childEnv(parent: Env, set: Readonly<Record<string, string>>, unset: readonly string[]): ChildEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined) env[name] = value;
  }
  const removed: string[] = [];
  for (const name of unset) {
    if (name in env && !(name in set)) {
      delete env[name];
      removed.push(name);
    }
  }
  const added: string[] = [];
  for (const [name, value] of Object.entries(set)) {
    if (env[name] !== value) added.push(name);
    env[name] = value;
  }
  return { env, added: added.sort(), removed: removed.sort() };
}
