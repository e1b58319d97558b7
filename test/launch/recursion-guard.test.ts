import { describe, expect, it } from 'vitest';
import { GUARD_VAR, MAX_LAUNCH_DEPTH, formatGuard, judgeGuard, nextGuard, parseGuard } from '../../src/launch/recursion-guard.ts';

describe('recursion guard', () => {
  it('round-trips its marker and ignores garbage', () => {
    expect(parseGuard(formatGuard({ pid: 42, mode: 'exec', depth: 3 }))).toEqual({ pid: 42, mode: 'exec', depth: 3 });
    for (const junk of [undefined, '', '42', '42:fork:1', 'a:exec:1', '1:exec:1:2']) expect(parseGuard(junk)).toBeNull();
  });

  it('sees a loop when cx exec-replaced itself with something that started cx again (same pid)', () => {
    expect(judgeGuard({ [GUARD_VAR]: '100:exec:1' }, 100, 1)).toBe('loop');
    // codex (pid 100, exec'd by cx) running a tool that runs cx: a child, legitimately nested
    expect(judgeGuard({ [GUARD_VAR]: '100:exec:1' }, 200, 100)).toBe('ok');
  });

  it('sees a loop when cx spawned something that is cx (parent pid)', () => {
    expect(judgeGuard({ [GUARD_VAR]: '100:spawn:1' }, 200, 100)).toBe('loop');
    expect(judgeGuard({ [GUARD_VAR]: '100:spawn:1' }, 300, 200)).toBe('ok');
  });

  it('stops runaway nesting that hides the parent link', () => {
    expect(judgeGuard({ [GUARD_VAR]: `1:spawn:${MAX_LAUNCH_DEPTH}` }, 300, 200)).toBe('too-deep');
    expect(judgeGuard({ [GUARD_VAR]: `1:spawn:${MAX_LAUNCH_DEPTH - 1}` }, 300, 200)).toBe('ok');
  });

  it('counts depth from the parent mark', () => {
    expect(nextGuard({}, 7, 'spawn')).toEqual({ pid: 7, mode: 'spawn', depth: 1 });
    expect(nextGuard({ [GUARD_VAR]: '1:exec:4' }, 7, 'exec')).toEqual({ pid: 7, mode: 'exec', depth: 5 });
  });
});
