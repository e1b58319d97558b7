// The comparison the .env parity tests make between cx's parser and what codex loaded: live
// (env-file-parity.test.ts, the real codex) and replayed from its recorded answers
// (env-file-parity.unit.test.ts, test/fixtures/env-file-parity.json).
import { isDroppedName, parseDotenv } from '../../src/credentials/env-file-parse.ts';

/** Lines that are neither blank nor a comment (1-based), as a person reading the file sees them. */
export function meaningfulLines(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: number[] = [];
  lines.forEach((line, i) => {
    const t = line.replace(/^[\s\u00a0\ufeff]+|[\s\u00a0]+$/g, '').replace(/^\xef\xbb\xbf/, '');
    if (t !== '' && !t.startsWith('#')) out.push(i + 1);
  });
  return out;
}

export interface CodexLoaded {
  label: string;
  bytes: Buffer;
  /** The environment codex started with (for `$NAME` expansion). */
  given: Record<string, string>;
  /** codex's own environment with no .env, moved to this run's directories. */
  base: Record<string, string>;
  /** codex's environment after loading this .env. */
  env: Record<string, string>;
}

/** Every way cx's parse of the file differs from what codex did with it (empty: none). */
export function parityMismatches(saw: CodexLoaded): string[] {
  const { label, bytes } = saw;
  const mismatches: string[] = [];
  const parsed = parseDotenv(bytes, saw.given);
  // What cx predicts: codex's own environment, then each variable in order (a later one wins).
  const predicted: Record<string, string> = { ...saw.base };
  for (const entry of parsed.entries) if (!isDroppedName(entry.name)) predicted[entry.name] = entry.value;
  const names = new Set([...Object.keys(predicted), ...Object.keys(saw.env)]);
  for (const name of names) {
    if (predicted[name] !== saw.env[name]) {
      mismatches.push(`${label}: ${name}: cx predicts ${JSON.stringify(predicted[name])}, codex has ${JSON.stringify(saw.env[name])}\n${JSON.stringify(bytes.toString('latin1'))}`);
    }
  }
  // Every meaningful line is a variable codex sets, or inside a reported problem.
  const meaningful = meaningfulLines(bytes);
  const covered = new Set<number>();
  for (const span of [...parsed.entries, ...parsed.problems]) for (let l = span.line; l <= span.lastLine; l += 1) covered.add(l);
  for (const line of meaningful) {
    if (!covered.has(line)) mismatches.push(`${label}: line ${line} is neither set nor reported\n${JSON.stringify(bytes.toString('latin1'))}\n${JSON.stringify(parsed)}`);
  }
  for (const problem of parsed.problems) {
    // A problem never covers a line whose variable codex set…
    for (const entry of parsed.entries) {
      if (entry.line >= problem.line && entry.line <= problem.lastLine) mismatches.push(`${label}: line ${entry.line} is both set and reported`);
    }
    // …and never stands on blank and comment lines alone: codex loses nothing there.
    if (!meaningful.some((line) => line >= problem.line && line <= problem.lastLine)) {
      mismatches.push(`${label}: a ${problem.kind} problem on lines ${problem.line}-${problem.lastLine}, which hold only blanks and comments\n${JSON.stringify(bytes.toString('latin1'))}`);
    }
  }
  return mismatches;
}
