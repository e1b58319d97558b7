// What make-plan decides from what it read (src/plan/decide-launch-mode.ts), in-process.
import { describe, expect, it } from 'vitest';
import type { CxOption } from '../../src/cli/split-argv.ts';
import { EXIT } from '../../src/exit-status.ts';
import { launchMode, strictMode, untrustedSelections } from '../../src/plan/decide-launch-mode.ts';
import type { CxError } from '../../src/cx-error.ts';
import type { Finding } from '../../src/plan/finding.ts';
import type { Selection, SelectionStep } from '../../src/select/select-profile.ts';

const none = new Set<CxOption>();

/** The one untrusted .cxrc of these cases (untrustedSelections reports each nearer one in turn). */
function untrustedSelection(selection: Selection, strict: boolean): { finding: Finding; refusal: CxError | null } | null {
  const out = untrustedSelections(selection, strict);
  const finding = out.findings[0];
  expect(out.findings.length).toBeLessThanOrEqual(1);
  return finding === undefined ? null : { finding, refusal: out.refusal };
}

describe('strict mode', () => {
  it('is on with --cx-strict, whatever CX_STRICT says', () => {
    expect(strictMode(new Set<CxOption>(['--cx-strict']), {})).toBe(true);
    expect(strictMode(new Set<CxOption>(['--cx-strict']), { CX_STRICT: '0' })).toBe(true);
  });
  it.each(['1', 'true', 'yes', 'on', 'TRUE', 'anything'])('is on with CX_STRICT=%s', (value) => {
    expect(strictMode(none, { CX_STRICT: value })).toBe(true);
  });
  it.each(['0', 'false', 'no', 'FALSE', 'No'])('is off with CX_STRICT=%s', (value) => {
    expect(strictMode(none, { CX_STRICT: value })).toBe(false);
  });
  it('is off with neither (and with another cx option)', () => {
    expect(strictMode(none, {})).toBe(false);
    expect(strictMode(new Set<CxOption>(['--cx-force']), {})).toBe(false);
  });
});

function step(source: SelectionStep['source'], outcome: SelectionStep['outcome'], value: string | null = 'p', at: string | null = null): SelectionStep {
  return { source, value, outcome, at, note: null };
}
function selection(...steps: SelectionStep[]): Selection {
  return { name: null, source: 'none', at: null, steps };
}

describe('an untrusted .cxrc', () => {
  const ignored = step('cxrc', 'ignored', 'work', '/repo/.cxrc:3');

  it('that would have decided: a warning naming it and `cx trust PATH` (no line number), no refusal', () => {
    const out = untrustedSelection(selection(step('plus', 'unset', null), ignored, step('default', 'decided')), false);
    expect(out?.refusal).toBeNull();
    expect(out?.finding).toEqual({
      level: 'warning',
      code: 'cxrc-untrusted',
      message: '/repo/.cxrc:3 selects profile work but is not trusted; ignoring it (read it, then run `cx trust /repo/.cxrc`)',
    });
  });

  it('under strict mode: an error and a refusal with status 77 and the trust hint', () => {
    const out = untrustedSelection(selection(ignored), true);
    expect(out?.finding.level).toBe('error');
    expect(out?.finding.message).toContain('refusing under strict mode');
    expect(out?.refusal?.status).toBe(EXIT.denied);
    expect(out?.refusal?.message).toBe('/repo/.cxrc:3 selects profile work but is not trusted; refusing under strict mode');
    expect(out?.refusal?.hint).toBe('read it, then run `cx trust /repo/.cxrc`');
  });

  it('says nothing when a source above it decided (a +profile, CX_PROFILE…)', () => {
    expect(untrustedSelection(selection(step('plus', 'decided'), ignored), true)).toBeNull();
    expect(untrustedSelection(selection(step('plus', 'shadowed'), step('env:CX_PROFILE', 'decided'), ignored), true)).toBeNull();
  });

  it('still speaks when only sources above it were unset or shadowed', () => {
    expect(untrustedSelection(selection(step('plus', 'unset'), step('env:CX_PROFILE', 'shadowed'), ignored), false)).not.toBeNull();
  });

  it('says nothing for a trusted or absent .cxrc', () => {
    expect(untrustedSelection(selection(step('cxrc', 'decided')), true)).toBeNull();
    expect(untrustedSelection(selection(step('cxrc', 'shadowed')), true)).toBeNull();
    expect(untrustedSelection(selection(step('default', 'decided')), true)).toBeNull();
    expect(untrustedSelection(selection(), true)).toBeNull();
  });

  it('`cx trust PATH` drops only the line number, however many digits, from a path that holds `:N` itself', () => {
    const out = untrustedSelection(selection(step('cxrc', 'ignored', 'w', '/srv/a:1/.cxrc:12')), false);
    expect(out?.finding.message).toContain('(read it, then run `cx trust /srv/a:1/.cxrc`)');
  });

  it('without a recorded place: names .cxrc', () => {
    const out = untrustedSelection(selection(step('cxrc', 'ignored', 'w', null)), false);
    expect(out?.finding.message).toBe('.cxrc selects profile w but is not trusted; ignoring it (read it, then run `cx trust `)');
  });
});

describe('exec or spawn', () => {
  const starts = (bin: string): boolean => bin === '/good/codex';
  it('execs only when this Node can and codex will surely start', () => {
    expect(launchMode(true, '/good/codex', starts)).toBe('exec');
    expect(launchMode(true, '/bad/codex', starts)).toBe('spawn');
    expect(launchMode(false, '/good/codex', starts)).toBe('spawn');
  });
  it('with no codex found (the plan is refused): exec when it can, without asking about a binary', () => {
    let asked = false;
    expect(launchMode(true, null, () => (asked = true))).toBe('exec');
    expect(asked).toBe(false);
    expect(launchMode(false, null, starts)).toBe('spawn');
  });
});
