// What a refused launch prints: every blocking finding at once (as `cx explain` lists them), not
// one per try. Pure; tested in-process by test/plan/refusal-lines.unit.test.ts.
import type { CxError } from '../cx-error.ts';
import { FORCE_HINT } from '../compat/decide-refusal.ts';
import type { Finding } from './finding.ts';

/**
 * `message — fix`, leaving out each part of the fix (parts are `; `-separated) that the message,
 * or text printed before it, already says: a command is never printed twice
 * (`…: run: aws sso login … — aws sso login …`).
 */
export function withFix(message: string, fix: string | undefined | null, before = ''): string {
  const parts = (fix ?? '').split('; ').filter((part) => {
    const command = part.replace(/^run: /, '');
    return part !== '' && !message.includes(command) && !before.includes(command);
  });
  return parts.length === 0 ? message : `${message} — ${parts.join('; ')}`;
}

/**
 * The refusal's own line first (its status is the exit status), then one `also:` line for each
 * error finding the refusal does not already say (an expired SSO session refused the run, and web
 * search this provider lacks would have refused it next); the `--cx-force` offer, when the
 * refusal makes one, comes once, last.
 */
export function refusalLines(refusal: CxError, findings: readonly Finding[]): string[] {
  // A finding is the refusal's own when either message holds the other (some findings add their fix).
  const own = (f: Finding): boolean => refusal.message.includes(f.message) || f.message.includes(refusal.message);
  const also = findings.filter((f, i) => f.level === 'error' && !own(f) && findings.findIndex((g) => g.message === f.message) === i);
  if (also.length === 0) return [withFix(refusal.message, refusal.hint)];
  const parts = refusal.hint?.split('; ') ?? [];
  const force = parts.includes(FORCE_HINT);
  const lines = [withFix(refusal.message, parts.filter((part) => part !== FORCE_HINT).join('; '))];
  for (const finding of also) lines.push(`also: ${withFix(finding.message, finding.fix, lines.join('\n'))}`);
  if (force) lines.push(`${FORCE_HINT}, despite all of these`);
  return lines;
}
