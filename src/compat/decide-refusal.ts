// What the check stage decides once every finding is in, as a pure function (tested in-process by
// test/compat/decide-refusal.unit.test.ts): refuse (78 when codex itself would reject the
// configuration, else 69), or with `--cx-force` launch and say once what was overridden.
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { Finding } from '../plan/finding.ts';
import { CONFIG_ERROR_CODES } from './config-mistakes.ts';

export interface RefusalDecision {
  refusal: CxError | null;
  /** The one `forced` warning of a `--cx-force` run, when it overrode anything. */
  forced: Finding | null;
}

/** The hint's last part wherever `--cx-force` would launch (the credentials stage's refusals carry it too). */
export const FORCE_HINT = 'or pass --cx-force to launch anyway';

/** Errors codex itself stops on at once: forcing the launch would only show its own error (exit 1 or 2). */
const CODEX_STOPS: ReadonlySet<string> = new Set([...CONFIG_ERROR_CODES, 'search-flag-exec']);

/**
 * Whether `--cx-force` would get codex running: not when codex itself rejects the configuration
 * or the arguments, and never past an earlier stage's refusal (the caller keeps that one).
 */
function forceWouldWork(errors: readonly Finding[]): boolean {
  return !errors.some((f) => CODEX_STOPS.has(f.code));
}

/** `earlier` without the --cx-force offer, when forcing would not get codex running. */
function withoutForceHint(earlier: CxError): CxError {
  const hint = earlier.hint?.split('; ').filter((part) => part !== FORCE_HINT).join('; ');
  return new CxError(earlier.message, earlier.status, hint === '' ? undefined : hint);
}

/**
 * `earlier`: the refusal of an earlier stage (kept: it gives the status). `all`: every finding of
 * the plan so far, the credentials stage's included. `found`: what the check stage found itself.
 */
export function decideRefusal(earlier: CxError | null, all: readonly Finding[], found: readonly Finding[], force: boolean): RefusalDecision {
  if (force) {
    // One `forced` finding for the whole run, the credentials stage's errors included.
    const overridden = all.filter((f) => f.level === 'error').map((f) => f.code);
    if (earlier !== null || overridden.length === 0) return { refusal: earlier, forced: null };
    return { refusal: null, forced: { level: 'warning', code: 'forced', message: `launching despite: ${overridden.join(', ')} (--cx-force)`, fix: 'fix what `cx explain` lists, then launch without --cx-force' } };
  }
  const errors = found.filter((f) => f.level === 'error');
  const forceable = forceWouldWork([...all, ...found].filter((f) => f.level === 'error'));
  if (earlier !== null) return { refusal: forceable || earlier.hint === undefined ? earlier : withoutForceHint(earlier), forced: null };
  if (errors.length === 0) return { refusal: null, forced: null };
  const config = errors.every((f) => CONFIG_ERROR_CODES.has(f.code));
  const hints = [...new Set(errors.map((f) => f.fix).filter((fix): fix is string => fix !== undefined))];
  if (forceable) hints.push(FORCE_HINT);
  const refusal = new CxError(errors.map((f) => f.message).join('; '), config ? EXIT.config : EXIT.blocked, hints.length > 0 ? hints.join('; ') : undefined);
  return { refusal, forced: null };
}
