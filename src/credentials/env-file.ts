import { join } from 'node:path';
import { readBoundedFile } from '../config/read-text-file.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { Finding } from '../plan/finding.ts';
import { type DotenvProblem, type DotenvProblemKind, EXPANSION_BUDGET, isDroppedName, parseDotenv } from './env-file-parse.ts';

export interface EnvFile {
  path: string;
  /** What codex itself will load from it: names starting with CODEX_ (any case) are dropped. */
  values: ReadonlyMap<string, string>;
  /** Names in the file that codex drops (CODEX_…). */
  dropped: string[];
  /** Readable by group or others (mode & 0o077), as ssh complains of for keys. */
  tooOpen: boolean;
  /** Warnings: lines codex skips, or a file codex cannot read (and so ignores). Never a value. */
  problems?: readonly Finding[];
}

const MAX_BYTES = 1024 * 1024;
/** Lines reported one by one; the rest are summed up in one more warning. */
const MAX_LINE_WARNINGS = 3;

const WHY: Readonly<Record<DotenvProblemKind, { why: string; fix: string }>> = {
  'not-assignment': { why: 'it is not NAME=VALUE', fix: 'write NAME=VALUE, or start the line with # to make it a comment' },
  'bad-name': { why: 'the name before = is not one codex accepts (a letter or _, then letters, digits, _ or .)', fix: 'fix the name, or start the line with # to make it a comment' },
  'unquoted-space': { why: 'its value holds a space or tab outside quotes', fix: 'put the value in quotes' },
  'bad-escape': { why: 'its value holds a backslash escape codex does not know (only \\\\ \\\' \\" \\$ \\n and backslash-space)', fix: 'double the backslash, or put the value in single quotes' },
  'variable-before-quote': { why: 'a $NAME reference right before a quote leaves the quote open for codex', fix: 'write ${NAME} instead of $NAME' },
  'unclosed-quote': { why: 'its value has a quote that is not closed', fix: 'close the quote' },
  'unclosed-brace': { why: 'its value has a ${ that is not closed', fix: 'close it with }' },
  'unclosed-quote-to-eof': { why: 'a quote opened there is never closed, so codex skips everything from there to the end of the file', fix: 'close the quote' },
  'swallowed-by-comment': { why: 'a quote in the comment on the line before is never closed before them, so codex reads them as part of that comment', fix: 'remove the quote from the comment, or put the comment on its own line' },
  'trailing-blank-at-eof': { why: 'the file ends in a space or tab after it, with no newline, which codex cannot parse', fix: 'end the file with a newline' },
  'trailing-backslash-at-eof': { why: 'the file ends in a backslash after it, with no newline, which codex cannot parse', fix: 'end the file with a newline' },
  'invalid-utf8': { why: 'it is not valid UTF-8', fix: 'save the file as UTF-8' },
  'byte-order-mark': { why: 'the file starts with a byte-order mark, which codex reads as part of the name', fix: 'save the file as UTF-8 without a BOM' },
  'nul-in-value': { why: 'its value holds a NUL byte', fix: 'remove the NUL byte' },
  'value-too-long': { why: 'its value expands to more than cx reads', fix: 'use fewer $NAME references' },
};

function where(path: string, problem: DotenvProblem): string {
  return problem.lastLine > problem.line ? `${path}:${problem.line}-${problem.lastLine}` : `${path}:${problem.line}`;
}

/** One warning per skipped line (a few), naming the line and, when well-formed, the variable; never its value. */
function lineWarnings(path: string, problems: readonly DotenvProblem[]): Finding[] {
  const findings: Finding[] = problems.slice(0, MAX_LINE_WARNINGS).map((problem) => {
    const { why, fix } = WHY[problem.kind];
    const what = problem.lastLine > problem.line ? 'these lines' : 'this line';
    const name = problem.name === null ? '' : ` (${problem.name})`;
    return { level: 'warning', code: 'env-file-line-skipped', message: `${where(path, problem)}: codex skips ${what}${name}: ${why}; ${fix}`, fix };
  });
  const rest = problems.slice(MAX_LINE_WARNINGS);
  if (rest.length > 0) {
    const lines = rest.map((p) => (p.lastLine > p.line ? `${p.line}-${p.lastLine}` : `${p.line}`));
    const shown = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
    findings.push({ level: 'warning', code: 'env-file-line-skipped', message: `${path}: codex skips ${rest.length} more line${rest.length === 1 ? '' : 's'} it cannot parse (${shown})`, fix: 'fix them' });
  }
  return findings;
}

/**
 * `$CODEX_HOME/.env`, read as codex reads it (env-file-parse.ts): the values codex will set, and a
 * warning for each line codex would skip silently. A line that makes codex crash (a NUL byte in a
 * value) is refused. A file codex cannot read it ignores, and so does cx, with a warning; one too
 * big for cx to read is refused. Loaded only when a credential is looked for there.
 */
export async function readEnvFile(codexHome: string, env: Readonly<Record<string, string | undefined>> = {}): Promise<EnvFile | null> {
  return readEnvFileNow(codexHome, env);
}

/**
 * The values codex will load from `$CODEX_HOME/.env` over the environment, for working out the
 * run's settings (effective-settings.ts); none when codex could not load it either (the
 * credentials stage reports why).
 */
export function readEnvFileValues(codexHome: string, env: Readonly<Record<string, string | undefined>> = {}): ReadonlyMap<string, string> | null {
  try {
    return readEnvFileNow(codexHome, env)?.values ?? null;
  } catch {
    return null;
  }
}

function readEnvFileNow(codexHome: string, env: Readonly<Record<string, string | undefined>>): EnvFile | null {
  const path = join(codexHome, '.env');
  const read = readBoundedFile(path, MAX_BYTES);
  if (!read.ok) {
    if (read.missing) return null;
    if (read.tooBig) throw new CxError(`${path}: ${read.reason}`, EXIT.config, 'codex would load it, but cx cannot tell what it holds: make it smaller');
    const problem: Finding = { level: 'warning', code: 'env-file-unreadable', message: `${path} ${read.reason}; codex ignores it, and so does cx`, fix: 'remove it, or make it a readable file' };
    return { path, values: new Map(), dropped: [], tooOpen: false, problems: [problem] };
  }
  const parsed = parseDotenv(read.bytes, env);
  const nul = parsed.problems.find((p) => p.kind === 'nul-in-value');
  if (nul) {
    throw new CxError(`${where(path, nul)}: the value of ${nul.name ?? 'a variable'} holds a NUL byte, which makes codex crash at start-up`, EXIT.config, 'remove the NUL byte');
  }
  const huge = parsed.problems.find((p) => p.kind === 'value-too-long');
  if (huge) {
    const limit = `${EXPANSION_BUDGET / 1024 / 1024} MiB`;
    throw new CxError(`${where(path, huge)}: the value of ${huge.name ?? 'a variable'} expands (through $NAME references) past ${limit} for the file, which codex would build in memory`, EXIT.config, 'use fewer $NAME references');
  }
  const values = new Map<string, string>();
  const dropped = new Set<string>();
  for (const entry of parsed.entries) {
    if (isDroppedName(entry.name)) dropped.add(entry.name);
    else values.set(entry.name, entry.value);
  }
  const notes: Finding[] = parsed.notes.map((note) => ({
    level: 'warning',
    code: 'env-file-variable-cut',
    message: `${path}:${note.line} (${note.name}): codex ends a $NAME reference at the first _, so $A_B in this value expands $A; write \${A_B}`,
    fix: 'write ${NAME} around a name that holds _',
  }));
  return { path, values, dropped: [...dropped], tooOpen: (read.mode & 0o077) !== 0, problems: [...lineWarnings(path, parsed.problems), ...notes] };
}
