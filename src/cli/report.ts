import type { CxError } from '../cx-error.ts';
import type { Finding } from '../plan/finding.ts';
import { refusalLines, withFix } from '../plan/refusal-lines.ts';
import { printableLine } from './printable.ts';

// Everything cx says on the launch path goes to stderr, one line per problem: codex's stdout is
// often piped into another program.

export function reportError(error: CxError): void {
  process.stderr.write(`cx: ${printableLine(withFix(error.message, error.hint))}\n`);
}

/** A refused launch: the refusal, then every other blocking finding, one line each. */
export function reportRefusal(error: CxError, findings: readonly Finding[]): void {
  process.stderr.write(refusalLines(error, findings).map((line) => `cx: ${printableLine(line)}\n`).join(''));
}

export function reportWarnings(findings: readonly Finding[]): void {
  for (const finding of findings) {
    if (finding.level === 'warning') process.stderr.write(`cx: warning: ${printableLine(finding.message)}\n`);
  }
}
