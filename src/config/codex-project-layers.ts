// codex's project layer, as the pinned binary applies it (checked on loopback, codex-cli 0.169):
// every `.codex/config.toml` from the project root (the enclosing git repository's root, else the
// working directory itself) down to the working directory is a layer, nearer over farther, and a
// layer counts only when its directory is trusted in config.toml: `[projects."DIR"]` for that
// directory, else the entry of the git root; `trust_level = "trusted"`. codex takes no provider
// from such a layer: `model_provider`, `model_providers` and `openai_base_url` there are ignored.
import { lstatSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { type TomlTable, isTable, readTomlFile } from './toml-file.ts';

/** Keys codex ignores in a project layer (each checked against the binary). */
const NOT_FROM_PROJECT = ['model_provider', 'model_providers', 'openai_base_url'];

export interface ProjectLayer {
  path: string;
  /** The settings codex takes from it. */
  data: TomlTable;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether codex takes `dir` for a git root (checked against the binary): a `.git` file, or a `.git` directory with a HEAD. Nothing is read. */
function isGitRoot(dir: string): boolean {
  try {
    const git = lstatSync(join(dir, '.git'));
    return git.isFile() || (git.isDirectory() && exists(join(dir, '.git', 'HEAD')));
  } catch {
    return false;
  }
}

function gitRoot(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    if (isGitRoot(current)) return current;
    if (dirname(current) === current) return null;
  }
}

function trustLevel(projects: unknown, dir: string): string | null {
  const entry = isTable(projects) ? projects[dir] : undefined;
  if (!isTable(entry)) return null;
  return typeof entry['trust_level'] === 'string' ? entry['trust_level'] : '';
}

/** The directories from `root` down to `dir`, root first. */
function downFrom(root: string, dir: string): string[] {
  const parts = relative(root, dir).split(sep).filter((part) => part !== '');
  return [root, ...parts.map((_, i) => join(root, ...parts.slice(0, i + 1)))];
}

/** The project layers codex applies when run in `runDir` (a real path), lowest first. */
export function projectLayers(runDir: string, base: TomlTable): ProjectLayer[] {
  const projects = base['projects'];
  if (!isTable(projects)) return []; // nothing is trusted: codex applies no project layer
  const git = gitRoot(runDir);
  const layers: ProjectLayer[] = [];
  for (const dir of downFrom(git ?? runDir, runDir)) {
    const level = trustLevel(projects, dir) ?? (git === null ? null : trustLevel(projects, git));
    if (level !== 'trusted') continue;
    const file = readTomlFile(join(dir, '.codex', 'config.toml'), "codex's project config");
    if (file === null) continue;
    const data: TomlTable = { ...file.data };
    for (const key of NOT_FROM_PROJECT) delete data[key];
    layers.push({ path: file.path, data });
  }
  return layers;
}
