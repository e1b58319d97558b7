// $CODEX_HOME/.env read exactly as codex 0.169 reads it: the Rust crate dotenvy 0.15.7, through an
// iterator whose errors codex drops one by one (`.flatten()`), setting each variable as it goes.
// So a line codex cannot parse is skipped silently, an unclosed quote swallows the rest of the file,
// `$NAME`/`${NAME}` are expanded, and a NUL byte in a value makes codex panic at start-up. cx needs
// the same values (to know whether a credential is really there) and the skipped lines (to say so).
// Pure: the environment used for expansion is passed in. Never puts a value in a problem.

/** One variable codex sets, with the line its definition starts on. */
export interface DotenvEntry {
  name: string;
  value: string;
  line: number;
  /** The last line its definition covers (a quoted value may span lines). */
  lastLine: number;
}

export type DotenvProblemKind =
  | 'not-assignment'
  | 'bad-name'
  | 'unquoted-space'
  | 'bad-escape'
  | 'variable-before-quote'
  | 'unclosed-quote'
  | 'unclosed-brace'
  | 'unclosed-quote-to-eof'
  | 'swallowed-by-comment'
  | 'trailing-blank-at-eof'
  | 'trailing-backslash-at-eof'
  | 'invalid-utf8'
  | 'byte-order-mark'
  | 'nul-in-value'
  | 'value-too-long';

/** A line (or run of lines) codex skips, or, for `nul-in-value`, one that makes it crash. */
export interface DotenvProblem {
  kind: DotenvProblemKind;
  line: number;
  /** The last line it covers (a quoted value spans lines; an unclosed quote runs to the end). */
  lastLine: number;
  /** The variable's name, when the line starts with a well-formed one. */
  name: string | null;
}

/** A line codex sets, but probably not as meant. */
export interface DotenvNote {
  kind: 'variable-name-cut';
  line: number;
  name: string;
}

export interface DotenvParse {
  entries: DotenvEntry[];
  problems: DotenvProblem[];
  notes: DotenvNote[];
}

// Rust's char::is_whitespace (Unicode White_Space): JavaScript's \s differs (it has U+FEFF, lacks U+0085).
// Built on first use: a Unicode-property pattern costs ~1.4 ms to create, and this module is in
// the launch bundle though a plain launch never reads a .env.
let whiteSpace: RegExp | null = null;
const isWhitespace = (c: string): boolean => (whiteSpace ??= new RegExp('[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]', 'u')).test(c);
// Rust's char::is_alphanumeric: Alphabetic or Numeric.
let alphanumeric: RegExp | null = null;
const isAlphanumeric = (c: string): boolean => (alphanumeric ??= new RegExp('[\\p{Alphabetic}\\p{N}]', 'u')).test(c);

// Every White_Space character is in the BMP, so looking at single UTF-16 units is exact.
function trimStart(text: string): string {
  let i = 0;
  while (i < text.length && isWhitespace(text[i] as string)) i += 1;
  return text.slice(i);
}

/** `buf.trim_start().starts_with('#')` over the gathered lines, reading no further than the first non-blank character. */
function startsWithComment(chunks: readonly string[]): boolean {
  for (const chunk of chunks) {
    let i = 0;
    while (i < chunk.length && isWhitespace(chunk[i] as string)) i += 1;
    if (i < chunk.length) return chunk[i] === '#';
  }
  return false;
}

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isWhitespace(text[end - 1] as string)) end -= 1;
  return text.slice(0, end);
}

// ---------------------------------------------------------------------------------------------
// Logical lines (dotenvy's QuotedLines): a line whose quotes are still open continues on the next.

type LineState = 'complete' | 'escape' | 'strong-open' | 'weak-open' | 'weak-open-escape' | 'comment' | 'whitespace';

/** Where a line leaves the quoting state machine, and (for a comment) where the comment starts. */
function endState(previous: LineState, text: string): { state: LineState; commentAt: number } {
  let state = previous;
  let index = 0;
  for (const c of text) {
    switch (state) {
      case 'whitespace':
        if (c === '#') return { state: 'comment', commentAt: index };
        state = c === '\\' ? 'escape' : c === '"' ? 'weak-open' : c === "'" ? 'strong-open' : 'complete';
        break;
      case 'escape':
        state = 'complete';
        break;
      case 'complete':
        if (isWhitespace(c) && c !== '\n' && c !== '\r') state = 'whitespace';
        else state = c === '\\' ? 'escape' : c === '"' ? 'weak-open' : c === "'" ? 'strong-open' : 'complete';
        break;
      case 'weak-open':
        state = c === '\\' ? 'weak-open-escape' : c === '"' ? 'complete' : 'weak-open';
        break;
      case 'weak-open-escape':
        state = 'weak-open';
        break;
      case 'strong-open':
        state = c === "'" ? 'complete' : 'strong-open';
        break;
      case 'comment':
        return { state, commentAt: index };
    }
    index += c.length;
  }
  return { state, commentAt: -1 };
}

type LogicalLine =
  | { ok: true; text: string; line: number; lastLine: number }
  | { ok: false; kind: 'invalid-utf8' | 'eof'; state: LineState; text: string; line: number; lastLine: number };

/** Splits the file into physical lines (each with its `\n`), undecoded. */
function physicalLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    if (bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function logicalLines(bytes: Uint8Array): LogicalLine[] {
  const out: LogicalLine[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  // The physical lines of the logical line being gathered: kept apart and joined once, since
  // growing one string and reading it again on every line is quadratic (an unclosed quote can
  // gather a whole file).
  let chunks: string[] = [];
  let state: LineState = 'complete';
  let first = 0;
  const finish = (): string => {
    const text = chunks.join('');
    chunks = [];
    state = 'complete';
    return text;
  };
  const lines = physicalLines(bytes);
  lines.forEach((raw, index) => {
    const number = index + 1;
    if (chunks.length === 0) first = number;
    let text: string;
    try {
      text = decoder.decode(raw);
    } catch {
      // Rust's read_line fails on invalid UTF-8 after consuming the line; what was gathered is lost.
      // (Decoded leniently here only to name the variable in the message.)
      const gathered = finish();
      out.push({ ok: false, kind: 'invalid-utf8', state: 'complete', text: gathered + lenient.decode(raw), line: first, lastLine: number });
      return;
    }
    chunks.push(text);
    if (startsWithComment(chunks)) {
      finish();
      out.push({ ok: true, text: '', line: first, lastLine: number });
      return;
    }
    const end = endState(state, text);
    state = end.state;
    if (state === 'complete') {
      let line = finish();
      if (line.endsWith('\n')) {
        line = line.slice(0, -1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
      }
      out.push({ ok: true, text: line, line: first, lastLine: number });
    } else if (state === 'comment') {
      const before = chunks.slice(0, -1).join('');
      finish();
      out.push({ ok: true, text: before + text.slice(0, end.commentAt), line: first, lastLine: number });
    }
  });
  if (chunks.length > 0) {
    const eofState = state;
    out.push({ ok: false, kind: 'eof', state: eofState, text: finish(), line: first, lastLine: lines.length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One logical line (dotenvy's LineParser and parse_value).

type Lookup = (name: string) => string;
type LineResult =
  | { kind: 'none' }
  /** `commentAt`: where a trailing comment starts in the line as given (-1: none). */
  | { kind: 'set'; name: string; value: string; commentAt: number; nameCut: boolean }
  | { kind: 'error'; problem: DotenvProblemKind; name: string | null };

const KEY_START = /^[A-Za-z_]/;
const KEY_REST = /^[A-Za-z0-9_.]*/;

function skipWhitespace(text: string): string {
  return trimStart(text);
}

/**
 * How many characters all values may expand to, together. `$A$A$A…` can make a 1 MiB file expand
 * to gigabytes, which codex would try to build in memory and cx cannot; past this, cx refuses.
 */
export const EXPANSION_BUDGET = 8 * 1024 * 1024;

/** `nameCut`: a `$NAME` reference ended at `_` (dotenvy's names are letters and digits only). */
type ValueResult = { ok: true; value: string; commentAt: number; nameCut: boolean } | { ok: false; problem: DotenvProblemKind };

/** The value after `=`; `commentAt`: where a trailing comment starts (-1 when there is none). */
function parseValue(input: string, lookupName: Lookup, budget: { left: number }): ValueResult {
  let strong = false;
  let weak = false;
  let escaped = false;
  let expectingEnd = false;
  let output = '';
  // Expansion stops (and the line is refused) once the budget is spent.
  let over = false;
  const lookup = (name: string): string => {
    const value = over ? '' : lookupName(name);
    if (output.length + value.length <= budget.left) return value;
    over = true;
    return '';
  };
  let mode: 'none' | 'block' | 'escaped-block' = 'none';
  let name = '';
  // A quote the substitution swallowed (`"$A"`): codex then reports the quote as unclosed.
  let swallowedQuote = false;
  let commentAt = -1;
  let nameCut = false;
  let index = 0;
  for (const c of input) {
    const at = index;
    index += c.length;
    if (expectingEnd) {
      if (c === ' ' || c === '\t') continue;
      if (c === '#') {
        commentAt = at;
        break;
      }
      return { ok: false, problem: 'unquoted-space' };
    } else if (escaped) {
      if (c === '\\' || c === "'" || c === '"' || c === '$' || c === ' ') output += c;
      else if (c === 'n') output += '\n';
      else return { ok: false, problem: 'bad-escape' };
      escaped = false;
    } else if (strong) {
      if (c === "'") strong = false;
      else output += c;
    } else if (mode !== 'none') {
      if (isAlphanumeric(c)) name += c;
      else if (mode === 'block') {
        if (c === '_' && name !== '') nameCut = true;
        if (c === '{' && name === '') mode = 'escaped-block';
        else {
          output += lookup(name);
          name = '';
          if (c === '$') mode = 'block';
          else {
            mode = 'none';
            if (c === '"' || c === "'") swallowedQuote = true;
            output += c;
          }
        }
      } else if (c === '}') {
        mode = 'none';
        output += lookup(name);
        name = '';
      } else name += c;
    } else if (c === '$') {
      mode = 'block';
    } else if (weak) {
      if (c === '"') weak = false;
      else if (c === '\\') escaped = true;
      else output += c;
    } else if (c === "'") strong = true;
    else if (c === '"') weak = true;
    else if (c === '\\') escaped = true;
    else if (c === ' ' || c === '\t') expectingEnd = true;
    else output += c;
  }
  if (mode === 'escaped-block') return { ok: false, problem: 'unclosed-brace' };
  if (strong || weak) return { ok: false, problem: swallowedQuote ? 'variable-before-quote' : 'unclosed-quote' };
  output += lookup(name);
  if (over) return { ok: false, problem: 'value-too-long' };
  budget.left -= output.length;
  return { ok: true, value: output, commentAt, nameCut };
}

function parseKey(text: string): { key: string; rest: string } | null {
  if (!KEY_START.test(text)) return null;
  const key = KEY_REST.exec(text)?.[0] ?? '';
  return { key, rest: text.slice(key.length) };
}

function parseLine(raw: string, lookup: Lookup, budget: { left: number }): LineResult {
  const trimmed = trimEnd(raw);
  let line = skipWhitespace(trimmed);
  if (line === '' || line.startsWith('#')) return { kind: 'none' };
  let parsed = parseKey(line);
  if (parsed === null) return { kind: 'error', problem: 'bad-name', name: null };
  let key = parsed.key;
  line = skipWhitespace(parsed.rest);
  // A line that is not NAME=… may be anything, a pasted secret included: nothing of it is named.
  if (!line.startsWith('=')) {
    // `export` is either a prefix or a name of its own.
    if (key !== 'export') return { kind: 'error', problem: raw.includes('=') ? 'bad-name' : 'not-assignment', name: null };
    parsed = parseKey(line);
    if (parsed === null) return { kind: 'error', problem: line === '' ? 'not-assignment' : 'bad-name', name: null };
    key = parsed.key;
    line = skipWhitespace(parsed.rest);
    if (!line.startsWith('=')) return { kind: 'error', problem: 'not-assignment', name: null };
  }
  line = skipWhitespace(line.slice(1));
  // `line` is a suffix of `trimmed`, so positions in it map back by their distance from the end.
  if (line === '' || line.startsWith('#')) return { kind: 'set', name: key, value: '', commentAt: line === '' ? -1 : trimmed.length - line.length, nameCut: false };
  const value = parseValue(line, lookup, budget);
  if (!value.ok) return { kind: 'error', problem: value.problem, name: key };
  return { kind: 'set', name: key, value: value.value, commentAt: value.commentAt < 0 ? -1 : trimmed.length - line.length + value.commentAt, nameCut: value.nameCut };
}

/** The name a broken line starts with, when it starts with a well-formed one (for messages). */
function leadingName(text: string): string | null {
  let line = skipWhitespace(text);
  let parsed = parseKey(line);
  if (parsed?.key === 'export') {
    const after = skipWhitespace(parsed.rest);
    if (!after.startsWith('=')) {
      line = after;
      parsed = parseKey(line);
    }
  }
  if (parsed === null) return null;
  return skipWhitespace(parsed.rest).startsWith('=') ? parsed.key : null;
}

/** Whether a line holds nothing codex would set (blank or a comment): skipping it loses nothing. */
function isBlankOrComment(text: string): boolean {
  const line = skipWhitespace(trimEnd(text));
  return line === '' || line.startsWith('#');
}

const EOF_PROBLEM: Partial<Record<LineState, DotenvProblemKind>> = {
  'weak-open': 'unclosed-quote-to-eof',
  'weak-open-escape': 'unclosed-quote-to-eof',
  'strong-open': 'unclosed-quote-to-eof',
  whitespace: 'trailing-blank-at-eof',
  escape: 'trailing-backslash-at-eof',
};

/** Names codex drops from the file (any case): it never lets the file set its own variables. */
export function isDroppedName(name: string): boolean {
  return name.toUpperCase().startsWith('CODEX_');
}

/**
 * What codex 0.169 makes of this .env: the variables it sets (in order; a later definition wins)
 * and the lines it skips. `env` is the environment codex starts with (for `$NAME` expansion).
 */
export function parseDotenv(bytes: Uint8Array, env: Readonly<Record<string, string | undefined>>): DotenvParse {
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const notes: DotenvNote[] = [];
  // What expansion sees: the environment, updated as codex sets each variable, then what the file
  // defined (names codex drops included), then nothing.
  const live = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) if (value !== undefined) live.set(name, value);
  const defined = new Map<string, string>();
  const lookup: Lookup = (name) => live.get(name) ?? defined.get(name) ?? '';
  const budget = { left: EXPANSION_BUDGET };

  for (const logical of logicalLines(bytes)) {
    if (!logical.ok) {
      // Blanks and comments lose nothing, whether cut off at the end or not valid UTF-8.
      if (isBlankOrComment(logical.text)) continue;
      const kind = logical.kind === 'invalid-utf8' ? 'invalid-utf8' : (EOF_PROBLEM[logical.state] ?? 'unclosed-quote-to-eof');
      problems.push({ kind, line: logical.line, lastLine: logical.lastLine, name: leadingName(logical.text) });
      continue;
    }
    const result = parseLine(logical.text, lookup, budget);
    if (result.kind === 'none') continue;
    if (result.kind === 'error') {
      const bom = logical.line === 1 && logical.text.startsWith('\ufeff');
      if (bom && isBlankOrComment(logical.text.slice(1))) continue; // a BOM before a comment loses nothing
      problems.push({ kind: bom ? 'byte-order-mark' : result.problem, line: logical.line, lastLine: logical.lastLine, name: bom ? leadingName(logical.text.slice(1)) : result.name });
      continue;
    }
    defined.set(result.name, result.value);
    if (result.nameCut) notes.push({ kind: 'variable-name-cut', line: logical.line, name: result.name });
    let lastLine = logical.lastLine;
    // A quote in a trailing comment keeps the line open: the lines up to the one that closes the
    // quote become part of the comment, and codex skips them without a word.
    const breakAfterComment = result.commentAt < 0 ? -1 : logical.text.indexOf('\n', result.commentAt);
    if (breakAfterComment >= 0) {
      const commentLine = logical.line + (logical.text.slice(0, result.commentAt).match(/\n/g)?.length ?? 0);
      lastLine = commentLine;
      // Swallowed lines that hold only blanks and comments lose nothing: nothing to report.
      const swallowed = logical.text.slice(breakAfterComment + 1).split('\n');
      if (!swallowed.every(isBlankOrComment)) problems.push({ kind: 'swallowed-by-comment', line: commentLine + 1, lastLine: logical.lastLine, name: null });
    }
    const entry = { name: result.name, value: result.value, line: logical.line, lastLine };
    if (isDroppedName(result.name)) {
      entries.push(entry);
      continue;
    }
    if (result.value.includes('\0')) {
      problems.push({ kind: 'nul-in-value', line: logical.line, lastLine: logical.lastLine, name: result.name });
      continue;
    }
    live.set(result.name, result.value);
    entries.push(entry);
  }
  return { entries, problems, notes };
}
