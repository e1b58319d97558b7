// What the check stage decides once every finding is in (src/compat/decide-refusal.ts).
import { describe, expect, it } from 'vitest';
import { FORCE_HINT, decideRefusal } from '../../src/compat/decide-refusal.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import type { Finding } from '../../src/plan/finding.ts';

const configError: Finding = { level: 'error', code: 'wire-api-chat', message: 'wire_api chat', fix: 'use responses' };
const otherConfigError: Finding = { level: 'error', code: 'config-top-level-profile', message: 'top-level profile' };
const blocking: Finding = { level: 'error', code: 'region-unsupported', message: 'no such region', fix: 'pick a region' };
const warning: Finding = { level: 'warning', code: 'w', message: 'careful' };

describe('without --cx-force', () => {
  it('no errors found: no refusal', () => {
    expect(decideRefusal(null, [warning], [warning], false)).toEqual({ refusal: null, forced: null });
  });

  it('only configuration errors codex itself would reject: 78', () => {
    const { refusal } = decideRefusal(null, [configError, otherConfigError], [configError, otherConfigError], false);
    expect(refusal?.status).toBe(EXIT.config);
    expect(refusal?.message).toBe('wire_api chat; top-level profile');
    // codex would stop on the configuration at once: --cx-force is not offered.
    expect(refusal?.hint).toBe('use responses');
  });

  it('any other error among them: 69, every distinct hint once; no --cx-force while codex would stop on the config', () => {
    const { refusal } = decideRefusal(null, [], [configError, blocking, { ...blocking, message: 'again' }], false);
    expect(refusal?.status).toBe(EXIT.blocked);
    expect(refusal?.message).toBe('wire_api chat; no such region; again');
    expect(refusal?.hint).toBe('use responses; pick a region');
  });

  it('only errors --cx-force can get past: every distinct hint, then the --cx-force offer', () => {
    const { refusal } = decideRefusal(null, [], [blocking, { ...blocking, message: 'again' }], false);
    expect(refusal?.hint).toBe(`pick a region; ${FORCE_HINT}`);
  });

  it('no hint at all: only the --cx-force one, where it works', () => {
    expect(decideRefusal(null, [], [{ level: 'error', code: 'region-unsupported', message: 'x' }], false).refusal?.hint).toBe(FORCE_HINT);
    expect(decideRefusal(null, [], [otherConfigError], false).refusal?.hint).toBeUndefined();
  });

  it('`--search` with exec: codex exits 2 on it, so --cx-force is not offered', () => {
    const search: Finding = { level: 'error', code: 'search-flag-exec', message: 'exec --search', fix: 'leave out --search' };
    expect(decideRefusal(null, [], [search, blocking], false).refusal?.hint).toBe('leave out --search; pick a region');
  });

  it('an earlier refusal offering --cx-force loses the offer when the check stage finds what codex would stop on', () => {
    const earlier = new CxError('no key', EXIT.blocked, `store it; ${FORCE_HINT}`);
    const out = decideRefusal(earlier, [configError], [configError], false);
    expect(out.refusal?.message).toBe('no key');
    expect(out.refusal?.status).toBe(EXIT.blocked);
    expect(out.refusal?.hint).toBe('store it');
    expect(decideRefusal(earlier, [blocking], [blocking], false).refusal).toBe(earlier);
  });

  it('an earlier refusal is kept (its status is the exit status); warnings are not errors', () => {
    const earlier = new CxError('no codex', EXIT.notFound);
    expect(decideRefusal(earlier, [blocking], [blocking], false)).toEqual({ refusal: earlier, forced: null });
    expect(decideRefusal(null, [blocking], [warning], false).refusal).toBeNull();
  });
});

describe('with --cx-force', () => {
  it('launches, with one `forced` warning naming every error of the plan (the credentials stage included)', () => {
    const credentials: Finding = { level: 'error', code: 'credential-missing', message: 'no key' };
    const out = decideRefusal(null, [credentials, warning, blocking], [blocking], true);
    expect(out.refusal).toBeNull();
    expect(out.forced).toEqual({ level: 'warning', code: 'forced', message: 'launching despite: credential-missing, region-unsupported (--cx-force)', fix: 'fix what `cx explain` lists, then launch without --cx-force' });
  });

  it('nothing overridden: no warning', () => {
    expect(decideRefusal(null, [warning], [warning], true)).toEqual({ refusal: null, forced: null });
  });

  it('does not override an earlier refusal (a restriction, no codex), and says nothing', () => {
    const earlier = new CxError('denied', EXIT.denied);
    expect(decideRefusal(earlier, [blocking], [blocking], true)).toEqual({ refusal: earlier, forced: null });
  });
});
