// What a refused launch prints (src/plan/refusal-lines.ts): every blocking finding at once, each
// fix once, the --cx-force offer once and last.
import { describe, expect, it } from 'vitest';
import { FORCE_HINT } from '../../src/compat/decide-refusal.ts';
import { CxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import type { Finding } from '../../src/plan/finding.ts';
import { refusalLines, withFix } from '../../src/plan/refusal-lines.ts';

const sso: Finding = { level: 'error', code: 'aws-sso-expired', message: 'the AWS SSO session for profile dev has expired', fix: 'run: aws sso login --profile dev' };
const search: Finding = { level: 'error', code: 'web-search-unsupported', message: 'this run asks for web search (--search) but Amazon Bedrock has none', fix: 'leave out --search' };
const exec: Finding = { level: 'error', code: 'search-flag-exec', message: '`codex exec --search` exits 2', fix: 'leave out --search' };

describe('withFix', () => {
  it('message — fix', () => {
    expect(withFix('no key', 'store it')).toBe('no key — store it');
    expect(withFix('no key', undefined)).toBe('no key');
    expect(withFix('no key', '')).toBe('no key');
  });

  it('leaves out a part of the fix the message already says (the SSO command printed once)', () => {
    expect(withFix('session expired; run: aws sso login --profile dev', 'run: aws sso login --profile dev')).toBe('session expired; run: aws sso login --profile dev');
    expect(withFix('session expired (aws sso login --profile dev)', 'run: aws sso login --profile dev; or pass --cx-force')).toBe('session expired (aws sso login --profile dev) — or pass --cx-force');
  });

  it('and a part said before', () => {
    expect(withFix('b', 'leave out --search; other', 'a — leave out --search')).toBe('b — other');
  });
});

describe('refusalLines', () => {
  it('a refusal that says everything: its one line', () => {
    const refusal = new CxError(sso.message, EXIT.blocked, `${sso.fix}; ${FORCE_HINT}`);
    expect(refusalLines(refusal, [sso, { level: 'warning', code: 'w', message: 'careful' }])).toEqual([`${sso.message} — ${sso.fix}; ${FORCE_HINT}`]);
  });

  it('every other blocking finding on a line of its own, each fix once, the --cx-force offer last', () => {
    const refusal = new CxError(sso.message, EXIT.blocked, `${sso.fix}; ${FORCE_HINT}`);
    expect(refusalLines(refusal, [sso, exec, search, { ...search }])).toEqual([
      `${sso.message} — ${sso.fix}`,
      `also: ${exec.message} — leave out --search`,
      `also: ${search.message}`,
      `${FORCE_HINT}, despite all of these`,
    ]);
  });

  it('a refusal joining several findings: one line each, with its fix, then the --cx-force offer', () => {
    const region: Finding = { level: 'error', code: 'region-unsupported', message: 'no such region', fix: 'pick a region' };
    const refusal = new CxError(`${search.message}; ${region.message}`, EXIT.blocked, `leave out --search; pick a region; ${FORCE_HINT}`);
    expect(refusalLines(refusal, [search, region, sso])).toEqual([
      `${search.message} — leave out --search`,
      `${region.message} — pick a region`,
      `also: ${sso.message} — ${sso.fix}`,
      `${FORCE_HINT}, despite all of these`,
    ]);
  });

  it("a finding that is the refusal's message with more after it is the refusal's own", () => {
    const refusal = new CxError('.cxrc:1 is not trusted', EXIT.denied, 'run cx trust');
    expect(refusalLines(refusal, [{ level: 'error', code: 'cxrc-untrusted', message: '.cxrc:1 is not trusted (run cx trust)' }])).toEqual(['.cxrc:1 is not trusted — run cx trust']);
  });

  it('no --cx-force offer when the refusal makes none', () => {
    const refusal = new CxError('profile x does not exist', EXIT.config, 'create it');
    expect(refusalLines(refusal, [search])).toEqual(['profile x does not exist — create it', `also: ${search.message} — leave out --search`]);
  });

  it('a refusal joining exactly two findings, and nothing else: still one line each', () => {
    const refusal = new CxError(`${search.message}; ${sso.message}`, EXIT.blocked, `leave out --search; ${sso.fix}`);
    expect(refusalLines(refusal, [search, sso])).toEqual([`${search.message} — leave out --search`, `${sso.message} — ${sso.fix}`]);
  });

  it('a refusal without a fix, and another blocking finding: its line alone, then the other', () => {
    const refusal = new CxError('profile x does not exist', EXIT.config);
    expect(refusalLines(refusal, [search])).toEqual(['profile x does not exist', `also: ${search.message} — leave out --search`]);
  });
});
