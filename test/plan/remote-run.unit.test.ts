// placeRemote (a `--remote` run): the arguments exactly as given; +PROFILE refused with 64; an
// ambient selection noted as not applied; -p left to codex (which refuses it itself).
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { REMOTE_RUN_MESSAGE, placeRemote } from '../../src/plan/remote-run.ts';
import type { Selection } from '../../src/select/select-profile.ts';

const ARGS = ['--remote', 'ws://127.0.0.1:9', 'exec', 'hi'];
const sel = (name: string | null, source: Selection['source'], at: string | null = null): Selection => ({ name, source, at, steps: [] });
const INFO = { level: 'info', code: 'remote-run', message: REMOTE_RUN_MESSAGE };

describe('placeRemote', () => {
  it('no profile, or -p from the arguments: the arguments as given, only the note', () => {
    expect(placeRemote(ARGS, sel(null, 'none'))).toEqual({ args: ARGS, findings: [INFO], refusal: null });
    expect(placeRemote(['-p', 'w', ...ARGS], sel('w', 'flag'))).toEqual({ args: ['-p', 'w', ...ARGS], findings: [INFO], refusal: null });
  });

  it('+PROFILE: refused with 64, saying why and what to do', () => {
    const placed = placeRemote(ARGS, sel('work', 'plus', '+work'));
    expect(placed.args).toEqual(ARGS);
    expect(placed.refusal?.status).toBe(EXIT.usage);
    expect(placed.refusal?.message).toBe("+work cannot apply to a --remote run: the agent runs with the remote app server's configuration, and codex refuses -p and -c with --remote");
    expect(placed.refusal?.hint).toBe('drop +PROFILE (configure the agent on the server), or drop --remote to run locally with the profile');
    expect(placed.findings).toEqual([INFO, { level: 'error', code: 'remote-profile', message: placed.refusal?.message }]);
  });

  it('a profile from elsewhere: not applied, named with where it came from', () => {
    expect(placeRemote(ARGS, sel('work', 'env:CX_PROFILE', 'environment variable CX_PROFILE'))).toEqual({
      args: ARGS,
      findings: [INFO, { level: 'info', code: 'remote-profile-not-applied', message: "profile work (environment variable CX_PROFILE) is not applied: a --remote run uses the remote app server's configuration" }],
      refusal: null,
    });
    expect(placeRemote(ARGS, sel('work', 'rule')).findings[1]?.message).toBe("profile work (rule) is not applied: a --remote run uses the remote app server's configuration");
  });
});
