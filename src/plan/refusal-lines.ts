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
 * One line per problem: the refusal's own first (its status is the exit status; a refusal that
 * joins several findings is split back into them), then one `also:` line for each error finding
 * the refusal does not say (an expired SSO session refused the run, and web search this provider
 * lacks would have refused it next); each fix once; the `--cx-force` offer, when the refusal makes
 * one, once and last.
 */
export function refusalLines(refusal: CxError, findings: readonly Finding[]): string[] {
  const errors = findings.filter((f, i) => f.level === 'error' && findings.findIndex((g) => g.message === f.message) === i);
  // A finding is the refusal's own when either message holds the other (some findings add their fix).
  const own = (f: Finding): boolean => refusal.message.includes(f.message) || f.message.includes(refusal.message);
  const joined = errors.filter((f) => refusal.message.includes(f.message));
  const also = errors.filter((f) => !own(f));
  if (also.length === 0 && joined.length < 2) return [withFix(refusal.message, refusal.hint)];
  const parts = refusal.hint?.split('; ') ?? [];
  const force = parts.includes(FORCE_HINT);
  const lines: string[] = [];
  const say = (line: string): void => void lines.push(line);
  if (joined.length >= 2) for (const f of joined) say(withFix(f.message, f.fix, lines.join('\n')));
  else say(withFix(refusal.message, parts.filter((part) => part !== FORCE_HINT).join('; ')));
  for (const f of also) say(`also: ${withFix(f.message, f.fix, lines.join('\n'))}`);
  if (force) say(`${FORCE_HINT}, despite all of these`);
  return lines;
}
