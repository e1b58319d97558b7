import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readTextFile } from '../config/read-text-file.ts';

// Reads the remote URLs of the repository enclosing a directory from its git config, without
// running git: .git as a directory, or a .git file (`gitdir: …`) for worktrees and submodules,
// whose `commondir` points at the shared config. Every file is read as a regular file with a size
// bound and never blocks (read-text-file.ts): a FIFO, a device or a huge file planted as git
// metadata (in a clone, or by another user in a shared directory above it) cannot hang cx.

/** A `.git` file or `commondir` holds one path. */
const MAX_POINTER_BYTES = 4096;
/** A git config with remotes is a few KiB; a bigger one is not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

function readText(path: string, maxBytes: number): string | null {
  const read = readTextFile(path, maxBytes, { lenient: true });
  return read.ok ? read.text : null;
}

/** The git directory `.git` in `dir` names; null when there is none; 'unusable' for a .git that is not a directory or a gitdir file. */
function gitDirOf(dir: string): string | null | 'unusable' {
  const dotGit = join(dir, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return null;
  }
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit, MAX_POINTER_BYTES) ?? '');
  return pointer?.[1] ? resolve(dir, pointer[1]) : 'unusable';
}

function findGitDir(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const gitDir = gitDirOf(dir);
    // git stops at a .git it cannot use ("invalid gitfile format"): so does cx, with no remotes.
    if (gitDir === 'unusable') return null;
    if (gitDir !== null) return gitDir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * A value as git reads it: blanks at the ends dropped and each one inside kept as a space, a `#`
 * or `;` outside quotes starting a comment, quotes removed wherever they are, and the escapes
 * `\n`, `\t`, `\b`, `\"` and `\\` (git's config.c, parse_value).
 */
export function gitConfigValue(raw: string): string {
  let value = '';
  let quoted = false;
  let blanks = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i] as string;
    if (!quoted && (c === ' ' || c === '\t')) {
      if (value !== '') blanks += 1;
      continue;
    }
    if (!quoted && (c === '#' || c === ';')) break;
    value += ' '.repeat(blanks);
    blanks = 0;
    if (c === '"') quoted = !quoted;
    else if (c === '\\') {
      i += 1;
      const next = raw[i] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next;
    } else value += c;
  }
  return value;
}

/** `url` and `pushurl` values of every `[remote "…"]` section of a git config file. */
export function parseRemoteUrls(configText: string): string[] {
  const urls: string[] = [];
  let inRemote = false;
  for (const rawLine of configText.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inRemote = /^\[\s*remote\s+"/i.test(line);
      continue;
    }
    if (!inRemote) continue;
    const match = /^(url|pushurl)\s*=(.*)$/i.exec(line);
    const url = match?.[2] === undefined ? '' : gitConfigValue(match[2]);
    if (url !== '') urls.push(url);
  }
  return urls;
}

export function gitRemoteUrls(cwd: string): string[] {
  const gitDir = findGitDir(cwd);
  if (gitDir === null) return [];
  const common = readText(join(gitDir, 'commondir'), MAX_POINTER_BYTES)?.trim();
  const configDir = common ? resolve(gitDir, common) : gitDir;
  return parseRemoteUrls(readText(join(configDir, 'config'), MAX_CONFIG_BYTES) ?? '');
}
