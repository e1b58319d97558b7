// Colour and width for explain and doctor (src/cli/terminal-style.ts): NO_COLOR, FORCE_COLOR, pipes.
import { describe, expect, it } from 'vitest';
import { outputWidth, paint, wantsColour } from '../../src/cli/terminal-style.ts';

describe('wantsColour', () => {
  it('on a terminal, yes; in a pipe, no', () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
  });

  it('NO_COLOR (non-empty) turns it off; empty NO_COLOR is as if unset', () => {
    expect(wantsColour({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: '' }, true)).toBe(true);
  });

  it('FORCE_COLOR forces it, in pipes and over NO_COLOR (as Node does); FORCE_COLOR=0/false turns it off', () => {
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '3', NO_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: '' }, false)).toBe(false);
  });

  it('TERM=dumb: none', () => {
    expect(wantsColour({ TERM: 'dumb' }, true)).toBe(false);
  });
});

describe('paint', () => {
  it('wraps in an SGR code and its reset when on; as is when off', () => {
    expect(paint(true, 'red', 'error:')).toBe('\u001b[31merror:\u001b[39m');
    expect(paint(true, 'dim', 'x')).toBe('\u001b[2mx\u001b[22m');
    expect(paint(false, 'red', 'error:')).toBe('error:');
    expect(paint(true, 'red', '')).toBe('');
  });
});

describe('outputWidth', () => {
  it("the terminal's columns (at least 40), else the fallback, never over max", () => {
    expect(outputWidth(132, 100)).toBe(132);
    expect(outputWidth(132, 100, 100)).toBe(100);
    expect(outputWidth(20, 100)).toBe(40);
    expect(outputWidth(undefined, 100)).toBe(100);
    expect(outputWidth(0, 100)).toBe(100);
  });
});
