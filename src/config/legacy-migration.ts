// `cx migrate`: legacy `[profiles.NAME]` tables in $CODEX_HOME/config.toml become profile files
// (`$CODEX_HOME/NAME.config.toml`), which is what codex 0.169 reads for `-p NAME`.
//
// planMigration is pure: it decides everything (what each file holds, which lines leave
// config.toml) from the loaded config, and proves it before anything is written: config.toml
// rewritten must parse to exactly the old settings minus what moved, and each profile file must
// parse to exactly its table. applyMigration only carries a plan out.
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'smol-toml';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { isValidProfileName } from '../select/profile-name.ts';
import type { CodexConfig } from './codex-config.ts';
import { createExclusive, writeFileAtomic } from './atomic-write.ts';
import { type TomlTable, isTable } from './toml-file.ts';
import { errnoCode } from '../errno-code.ts';

/** Provider IDs codex refuses to see redefined under `[model_providers]` (checked against 0.169). */
const RESERVED_PROVIDERS = ['openai', 'ollama', 'lmstudio'];

/** Lines of config.toml (1-based, inclusive) that go, and the header that starts them. */
export interface RemovedLines {
  first: number;
  last: number;
  header: string;
  lines: string[];
}

export interface MigratedProfile {
  name: string;
  /** `config.toml:LINE` of its first table header. */
  at: string;
  /** `$CODEX_HOME/NAME.config.toml`. */
  target: string;
  /** What the profile file will hold. */
  text: string;
  /** The table as it is in config.toml (integers as bigint). */
  data: TomlTable;
  removed: RemovedLines[];
  /** Provider IDs under `[profiles.NAME.model_providers]` (a key codex ignores there) that move to where codex reads them. */
  movedProviders: string[];
  warnings: string[];
}

export interface LeftProfile {
  name: string;
  at: string;
  reason: 'conflict' | 'manual';
  message: string;
}

/** A top-level `profile = "x"`: codex 0.169 exits 1 on every run while it is there. */
export interface ProfileKey {
  value: string;
  /** 1-based; null when cx could not find where it is written. */
  line: number | null;
  /** Whether the rewritten config.toml drops it (false: cx could not remove it cleanly). */
  removed: boolean;
  lines: RemovedLines | null;
}

export interface MigrationPlan {
  home: string;
  configPath: string;
  /** config.toml as planned against (null when there is none); applyMigration refuses if it changed since. */
  originalText: string | null;
  migrated: MigratedProfile[];
  left: LeftProfile[];
  profileKey: ProfileKey | null;
  /** An empty bare `[profiles]` header that goes too (its line), once no profile is left under it. */
  emptyProfilesHeader: RemovedLines | null;
  /** config.toml without what moved; null when it does not change. */
  newConfigText: string | null;
}

// ---------------------------------------------------------------------------------------------
// A small scanner over TOML text: where each table header and each key/value statement is, by
// line, without being fooled by multi-line strings or arrays. The text has already parsed, so it
// is valid TOML; the scanner only has to find boundaries.

interface Statement {
  kind: 'header' | 'keyValue';
  /** The header in brackets, or the key before `=`, as written. */
  raw: string;
  /** 0-based lines, inclusive. */
  first: number;
  last: number;
}

function scanStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  const n = text.length;
  let i = 0;
  let line = 0;

  const skipToEol = (): void => {
    while (i < n && text[i] !== '\n') i += 1;
  };
  // Skips a string starting at i (any of the four kinds), counting the lines it spans.
  const skipString = (): void => {
    const quote = text[i] as '"' | "'";
    const multi = text.startsWith(quote.repeat(3), i);
    i += multi ? 3 : 1;
    while (i < n) {
      const c = text[i];
      if (c === '\\' && quote === '"') {
        i += 1;
        if (text[i] === '\n') line += 1;
        i += 1;
        continue;
      }
      if (c === '\n') line += 1;
      if (c === quote) {
        if (!multi) {
          i += 1;
          return;
        }
        if (text.startsWith(quote.repeat(3), i)) {
          // A run of up to five quotes closes: the first one or two are content.
          let run = 0;
          while (text[i + run] === quote && run < 5) run += 1;
          i += run;
          return;
        }
      }
      i += 1;
    }
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
      continue;
    }
    if (c === '\n') {
      line += 1;
      i += 1;
      continue;
    }
    if (c === '#') {
      skipToEol();
      continue;
    }
    const start = i;
    const first = line;
    if (c === '[') {
      const array = text[i + 1] === '[';
      i += array ? 2 : 1;
      while (i < n && text[i] !== ']' && text[i] !== '\n') {
        if (text[i] === '"' || text[i] === "'") skipString();
        else i += 1;
      }
      i += array ? 2 : 1;
      statements.push({ kind: 'header', raw: text.slice(start, i), first, last: line });
      skipToEol();
      continue;
    }
    // key = value
    while (i < n && text[i] !== '=' && text[i] !== '\n') {
      if (text[i] === '"' || text[i] === "'") skipString();
      else i += 1;
    }
    const raw = text.slice(start, i).trim();
    i += 1;
    let depth = 0;
    while (i < n) {
      const v = text[i];
      if (v === '"' || v === "'") {
        skipString();
        continue;
      }
      if (v === '#') {
        skipToEol();
        continue;
      }
      if (v === '[' || v === '{') depth += 1;
      else if (v === ']' || v === '}') depth -= 1;
      else if (v === '\n') {
        if (depth <= 0) break;
        line += 1;
      }
      i += 1;
    }
    statements.push({ kind: 'keyValue', raw, first, last: line });
  }
  return statements;
}

/** The key path a header or a key names, read by the TOML parser itself (quoting, escapes, spaces). */
function keyPath(statement: Statement): string[] {
  const document: unknown = parse(statement.kind === 'header' ? statement.raw : `${statement.raw} = 0`);
  const path: string[] = [];
  let node = document;
  for (;;) {
    if (Array.isArray(node)) node = node[0];
    if (!isTable(node)) break;
    const keys = Object.keys(node);
    if (keys.length !== 1) break;
    const key = keys[0] as string;
    path.push(key);
    node = node[key];
  }
  return path;
}

interface Section {
  /** [] for the keys before the first header. */
  path: string[];
  header: Statement | null;
  keyValues: { statement: Statement; path: string[] }[];
  /** 0-based, inclusive: the header through its last statement (comments after it are not its own). */
  first: number;
  last: number;
}

function sectionsOf(text: string): Section[] {
  const sections: Section[] = [{ path: [], header: null, keyValues: [], first: 0, last: -1 }];
  for (const statement of scanStatements(text)) {
    if (statement.kind === 'header') {
      sections.push({ path: keyPath(statement), header: statement, keyValues: [], first: statement.first, last: statement.last });
      continue;
    }
    const section = sections[sections.length - 1] as Section;
    section.keyValues.push({ statement, path: section.header === null ? keyPath(statement) : [] });
    if (section.header === null && section.keyValues.length === 1) section.first = statement.first;
    section.last = statement.last;
  }
  return sections;
}

// ---------------------------------------------------------------------------------------------

/** Equality of parsed TOML values: tables by keys (any order), dates by their TOML form. */
export function sameToml(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, k) => sameToml(item, b[k]));
  }
  if (isTable(a) || isTable(b)) {
    if (!isTable(a) || !isTable(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameToml(a[key], b[key]));
  }
  return Object.is(a, b);
}

/** Integers as bigint, so that `1.0` stays a float when written back. */
function parseExact(text: string): TomlTable {
  return parse(text, { integersAsBigInt: true }) as TomlTable;
}

function tryParseExact(text: string): TomlTable | null {
  try {
    return parseExact(text);
  } catch {
    return null;
  }
}

/** The settings with these profiles (and maybe the top-level `profile` key) gone; an empty `profiles` counts as none. */
function without(data: TomlTable, names: readonly string[], dropProfileKey: boolean): TomlTable {
  const out: TomlTable = { ...data };
  const profiles = data['profiles'];
  if (isTable(profiles)) {
    const rest: TomlTable = { ...profiles };
    for (const name of names) delete rest[name];
    if (Object.keys(rest).length === 0) delete out['profiles'];
    else out['profiles'] = rest;
  }
  if (dropProfileKey) delete out['profile'];
  return out;
}

/**
 * Removes whole lines (0-based, inclusive ranges). A blank line that the removal would leave next
 * to another blank line (or at the start of the file) goes too; every other line stays as written.
 */
function removeLines(text: string, ranges: readonly { first: number; last: number }[]): string {
  if (ranges.length === 0) return text;
  const lines = text.split('\n');
  const drop = new Set<number>();
  for (const range of ranges) for (let k = range.first; k <= range.last; k += 1) drop.add(k);
  const kept: string[] = [];
  let droppedSinceKept = false;
  let lastKeptBlank = true;
  for (let k = 0; k < lines.length; k += 1) {
    if (drop.has(k)) {
      droppedSinceKept = true;
      continue;
    }
    const line = lines[k] as string;
    const blank = line.trim() === '' && k < lines.length - 1;
    if (blank && droppedSinceKept && lastKeptBlank) continue;
    kept.push(line);
    lastKeptBlank = blank;
    droppedSinceKept = false;
  }
  let result = kept.join('\n');
  // No blank lines left dangling at the end of the file.
  if (text.endsWith('\n')) {
    const eol = text.endsWith('\r\n') ? '\r\n' : '\n';
    const body = result.replace(/(\r?\n[ \t]*)+$/, '');
    result = body.trim() === '' ? '' : `${body}${eol}`;
  }
  return result;
}

function removedLines(lines: readonly string[], section: { first: number; last: number }, header: string): RemovedLines {
  return { first: section.first + 1, last: section.last + 1, header, lines: lines.slice(section.first, section.last + 1) };
}

function headerOf(path: readonly string[]): string {
  return `[${path.map((key) => (/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key))).join('.')}]`;
}

function profileFileText(name: string, configPath: string, table: TomlTable, movedProviders: readonly string[]): string {
  const header = [
    `# Profile \`${name}\`: moved here by \`cx migrate\` from the [profiles.${name}] table in`,
    `# ${configPath}. Use it with \`codex -p ${name}\` or \`cx +${name}\`.`,
  ];
  if (movedProviders.length > 0) {
    header.push(
      `# [profiles.${name}.model_providers.*] was ignored by codex there; here it is [model_providers.*], where codex reads it.`,
    );
  }
  const body = stringify(table, { numbersAsFloat: true });
  return `${header.join('\n')}\n\n${body}`;
}

function empty(config: CodexConfig): MigrationPlan {
  return {
    home: config.home,
    configPath: config.configPath,
    originalText: config.file?.text ?? null,
    migrated: [],
    left: [],
    profileKey: null,
    emptyProfilesHeader: null,
    newConfigText: null,
  };
}

/** What `cx migrate` would do for this config; writes nothing. */
export function planMigration(config: CodexConfig): MigrationPlan {
  const plan = empty(config);
  const file = config.file;
  if (file === null) return plan;
  const text = file.text;
  const data = parseExact(text);
  const lines = text.split('\n');
  const sections = sectionsOf(text);
  const where = (line: number | null): string => (line === null ? config.configPath : `${config.configPath}:${line}`);

  // The top-level `profile = "x"`.
  const profileValue = data['profile'];
  let profileKeyRange: { first: number; last: number } | null = null;
  if (profileValue !== undefined) {
    const root = sections[0] as Section;
    const statement = root.keyValues.find((kv) => kv.path.length === 1 && kv.path[0] === 'profile')?.statement ?? null;
    let removable = false;
    if (statement !== null) {
      const candidate = tryParseExact(removeLines(text, [statement]));
      removable = candidate !== null && sameToml(without(candidate, [], false), without(data, [], true));
      if (removable) profileKeyRange = statement;
    }
    plan.profileKey = {
      value: typeof profileValue === 'string' ? profileValue : stringify({ v: profileValue }).replace(/^v = /, '').trim(),
      line: statement === null ? null : statement.first + 1,
      removed: removable,
      lines: statement === null || !removable ? null : removedLines(lines, statement, 'profile'),
    };
  }

  const profiles = data['profiles'];
  const names = isTable(profiles) ? Object.keys(profiles) : [];
  const accepted: { profile: MigratedProfile; ranges: Section[] }[] = [];
  for (const name of names) {
    const table = (profiles as TomlTable)[name];
    const own = sections.filter((s) => s.header !== null && s.path.length >= 2 && s.path[0] === 'profiles' && s.path[1] === name);
    const at = where(own[0] ? own[0].first + 1 : null);
    const target = join(config.home, `${name}.config.toml`);
    const leave = (reason: LeftProfile['reason'], message: string): void => {
      plan.left.push({ name, at, reason, message });
    };
    if (!isValidProfileName(name)) {
      leave('manual', `codex cannot select a profile named ${JSON.stringify(name)} (use letters, digits, - and _): rename it and move it to NAME.config.toml by hand`);
      continue;
    }
    if (!isTable(table)) {
      leave('manual', `profiles.${name} is not a table`);
      continue;
    }
    if (config.profileFiles.has(name)) {
      leave('conflict', `${target} already exists and cx never overwrites it: merge [profiles.${name}] into it by hand, then delete the table from config.toml`);
      continue;
    }
    if (own.length === 0) {
      leave('manual', `[profiles.${name}] is written as dotted keys or an inline table, which cx does not rewrite: move it to ${basename(target)} by hand`);
      continue;
    }
    const candidate = tryParseExact(removeLines(text, own));
    if (candidate === null || !sameToml(without(candidate, [], false), without(data, [name], false))) {
      leave('manual', `[profiles.${name}] is partly written as dotted keys or an inline table, which cx does not rewrite: move it to ${basename(target)} by hand`);
      continue;
    }
    const providers = table['model_providers'];
    const movedProviders = isTable(providers) ? Object.keys(providers) : [];
    let profileText: string;
    try {
      profileText = profileFileText(name, config.configPath, table, movedProviders);
    } catch {
      leave('manual', `cx cannot write [profiles.${name}] back as TOML faithfully: move it to ${basename(target)} by hand`);
      continue;
    }
    const reread = tryParseExact(profileText);
    if (reread === null || !sameToml(reread, table)) {
      leave('manual', `cx cannot write [profiles.${name}] back as TOML faithfully: move it to ${basename(target)} by hand`);
      continue;
    }
    const warnings: string[] = [];
    for (const id of movedProviders.filter((p) => RESERVED_PROVIDERS.includes(p))) {
      warnings.push(`codex refuses to redefine its built-in provider \`${id}\`: rename [model_providers.${id}] in ${basename(target)} (e.g. ${id}-custom) before using -p ${name}`);
    }
    if (table['profile'] !== undefined) {
      warnings.push(`codex refuses a \`profile\` key in its config: remove it from ${basename(target)}`);
    }
    const profile: MigratedProfile = {
      name,
      at,
      target,
      text: profileText,
      data: table,
      removed: own.map((s) => removedLines(lines, s, s.header?.raw ?? headerOf(s.path))),
      movedProviders,
      warnings,
    };
    accepted.push({ profile, ranges: own });
  }

  const movedNames = accepted.map((a) => a.profile.name);
  const ranges: { first: number; last: number }[] = accepted.flatMap((a) => a.ranges);
  if (profileKeyRange !== null) ranges.push(profileKeyRange);
  // A bare `[profiles]` header with nothing under it goes once every profile has moved.
  if (isTable(profiles) && movedNames.length > 0 && names.every((n) => movedNames.includes(n))) {
    const bare = sections.find((s) => s.header !== null && s.path.length === 1 && s.path[0] === 'profiles' && s.keyValues.length === 0);
    if (bare) {
      ranges.push(bare);
      plan.emptyProfilesHeader = removedLines(lines, bare, bare.header?.raw ?? '[profiles]');
    }
  }
  if (ranges.length === 0) return plan;

  // All or nothing: the rewritten config.toml must hold exactly the old settings minus what moved.
  const newText = removeLines(text, ranges);
  const reread = tryParseExact(newText);
  if (reread === null || !sameToml(without(reread, [], false), without(data, movedNames, profileKeyRange !== null))) {
    throw new CxError(
      `${config.configPath}: cx could not remove the legacy profile tables without changing other settings; nothing was written`,
      EXIT.config,
      `move ${movedNames.map((n) => `[profiles.${n}]`).join(', ') || 'the `profile` key'} by hand`,
    );
  }
  plan.migrated = accepted.map((a) => a.profile);
  plan.newConfigText = newText;
  return plan;
}

/** True when there is nothing to report at all. */
export function nothingToMigrate(plan: MigrationPlan): boolean {
  return plan.migrated.length === 0 && plan.left.length === 0 && plan.profileKey === null;
}

/** True when `--write` would change files. */
export function hasChanges(plan: MigrationPlan): boolean {
  return plan.migrated.length > 0 || plan.newConfigText !== null;
}

// ---------------------------------------------------------------------------------------------


function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export interface MigrationResult {
  written: string[];
  backup: string | null;
  configRewritten: boolean;
}

/**
 * Carries out a plan: a backup of config.toml (never overwritten), each profile file (never
 * overwritten), then config.toml replaced atomically. If any step fails, the profile files this
 * call created are removed again and config.toml is left as it was.
 */
export function applyMigration(plan: MigrationPlan, now: Date = new Date()): MigrationResult {
  const result: MigrationResult = { written: [], backup: null, configRewritten: false };
  if (!hasChanges(plan) || plan.originalText === null) return result;

  // Through a symlinked config.toml (dotfile managers) to the file itself.
  let realConfig: string;
  let original: Buffer;
  try {
    realConfig = realpathSync(plan.configPath);
    original = readFileSync(realConfig);
  } catch (error) {
    throw new CxError(`${plan.configPath}: cannot be read again (${errnoCode(error) ?? 'unknown error'}); nothing was written`, EXIT.config);
  }
  if (original.toString('utf8') !== plan.originalText) {
    throw new CxError(`${plan.configPath} changed while cx was migrating it; nothing was written`, EXIT.config, 'run `cx migrate --write` again');
  }

  const stamp = timestamp(now);
  for (let k = 1; result.backup === null; k += 1) {
    const candidate = `${plan.configPath}.cx-backup-${stamp}${k === 1 ? '' : `-${k}`}`;
    try {
      createExclusive(candidate, original);
      result.backup = candidate;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST' || k >= 100) {
        throw new CxError(`${candidate}: cannot write the backup of config.toml (${errnoCode(error) ?? String(error)}); nothing was migrated`, EXIT.config);
      }
    }
  }

  const undo = (): void => {
    for (const path of result.written) rmSync(path, { force: true });
    result.written = [];
  };
  for (const profile of plan.migrated) {
    try {
      createExclusive(profile.target, profile.text);
      result.written.push(profile.target);
    } catch (error) {
      undo();
      const code = errnoCode(error);
      const why = code === 'EEXIST' ? 'it appeared while cx was migrating (cx never overwrites a profile file)' : `cannot be written (${code ?? String(error)})`;
      throw new CxError(`${profile.target}: ${why}; nothing was migrated`, EXIT.config, 'run `cx migrate` again to see the plan');
    }
  }

  if (plan.newConfigText !== null) {
    try {
      writeFileAtomic(realConfig, plan.newConfigText, 0o600);
      result.configRewritten = true;
    } catch (error) {
      undo();
      throw new CxError(`${plan.configPath}: cannot be rewritten (${errnoCode(error) ?? String(error)}); nothing was migrated`, EXIT.config);
    }
  }
  return result;
}
