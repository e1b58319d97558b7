import type { CxError } from '../cx-error.ts';
import type { Finding } from '../plan/finding.ts';
import { printableLine } from './printable.ts';

// Everything cx says on the launch path goes to stderr, one line per problem: codex's stdout is
// often piped into another program.

export function reportError(error: CxError): void {
  process.stderr.write(`cx: ${printableLine(`${error.message}${error.hint ? ` — ${error.hint}` : ''}`)}\n`);
}

export function reportWarnings(findings: readonly Finding[]): void {
  for (const finding of findings) {
    if (finding.level === 'warning') process.stderr.write(`cx: warning: ${printableLine(finding.message)}\n`);
  }
}
