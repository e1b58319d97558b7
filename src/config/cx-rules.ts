import { isAbsolute, join } from 'node:path';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { type Env, userHome } from './home-dirs.ts';
import { type TomlFile, isTable, lineOfKey } from './toml-file.ts';

/** A `[[rules]]` entry of cx's config: all its conditions must hold. */
export interface Rule {
  /** 1-based, in file order. */
  index: number;
  /** `file:line` of its `[[rules]]` header. */
  at: string;
  profile: string;
  /** Glob on the working directory, `~` expanded. */
  path: string | null;
  /** Glob on any remote URL of the enclosing git repository (`*` matches `/` too). */
  gitRemote: string | null;
  ci: boolean | null;
  tty: boolean | null;
}

const RULE_KEYS = ['profile', 'path', 'git_remote', 'ci', 'tty'];

function headerLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*\[\[\s*rules\s*\]\]/.test(line)) lines.push(i + 1);
  });
  return lines;
}

function expandHome(glob: string, env: Env): string {
  if (glob === '~') return userHome(env);
  if (glob.startsWith('~/')) return join(userHome(env), glob.slice(2));
  return glob;
}

export function parseRules(raw: unknown[], file: TomlFile, env: Env): Rule[] {
  const headers = headerLines(file.text);
  return raw.map((entry, i) => {
    // `rules = [ … ]` written inline has no [[rules]] headers: then the line of `rules =`.
    const line = headers[i] ?? lineOfKey(file.text, 'rules');
    const at = line === undefined || line === null ? file.path : `${file.path}:${line}`;
    const bad = (problem: string): CxError => new CxError(`${at}: rule ${i + 1}: ${problem}`, EXIT.config, "fix the rule in cx's config");
    if (!isTable(entry)) throw bad('must be a table ([[rules]])');
    for (const key of Object.keys(entry)) {
      if (!RULE_KEYS.includes(key)) throw bad(`unknown key \`${key}\` (known: ${RULE_KEYS.join(', ')})`);
    }
    const profile = entry['profile'];
    if (typeof profile !== 'string') throw bad('needs `profile = "NAME"`');
    if (!isValidProfileName(profile)) throw bad(describeInvalidProfileName(profile));
    const glob = (key: string): string | null => {
      const value = entry[key];
      if (value === undefined) return null;
      if (typeof value !== 'string' || value === '') throw bad(`\`${key}\` must be a non-empty string (a glob)`);
      return value;
    };
    const flag = (key: string): boolean | null => {
      const value = entry[key];
      if (value === undefined) return null;
      if (typeof value !== 'boolean') throw bad(`\`${key}\` must be true or false`);
      return value;
    };
    const path = glob('path');
    if (path !== null && !isAbsolute(expandHome(path, env)) && !path.startsWith('**')) {
      throw bad('`path` must be absolute, start with ~/ or with **');
    }
    return { index: i + 1, at, profile, path: path === null ? null : expandHome(path, env), gitRemote: glob('git_remote'), ci: flag('ci'), tty: flag('tty') };
  });
}
