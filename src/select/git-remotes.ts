import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// Reads the remote URLs of the repository enclosing a directory from its git config, without
// running git: .git as a directory, or a .git file (`gitdir: …`) for worktrees and submodules,
// whose `commondir` points at the shared config.

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function gitDirOf(dir: string): string | null {
  const dotGit = join(dir, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return null;
  }
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
  return pointer?.[1] ? resolve(dir, pointer[1]) : null;
}

function findGitDir(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const gitDir = gitDirOf(dir);
    if (gitDir !== null) return gitDir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
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
    const match = /^(url|pushurl)\s*=\s*(.*)$/i.exec(line);
    if (match?.[2]) urls.push(match[2].replace(/^"(.*)"$/, '$1'));
  }
  return urls;
}

export function gitRemoteUrls(cwd: string): string[] {
  const gitDir = findGitDir(cwd);
  if (gitDir === null) return [];
  const common = readText(join(gitDir, 'commondir'))?.trim();
  const configDir = common ? resolve(gitDir, common) : gitDir;
  return parseRemoteUrls(readText(join(configDir, 'config')) ?? '');
}
