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
  if (earlier !== null || errors.length === 0) return { refusal: earlier, forced: null };
  const config = errors.every((f) => CONFIG_ERROR_CODES.has(f.code));
  const hints = [...new Set(errors.map((f) => f.fix).filter((fix): fix is string => fix !== undefined))];
  const refusal = new CxError(errors.map((f) => f.message).join('; '), config ? EXIT.config : EXIT.blocked, `${hints.join('; ')}${hints.length > 0 ? '; ' : ''}or pass --cx-force to launch anyway`);
  return { refusal, forced: null };
}
