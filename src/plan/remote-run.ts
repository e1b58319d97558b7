// `codex … --remote ADDR` (or `--remote-auth-token-env VAR`): codex is the client of an app server
// that runs the agent with the server's configuration. codex refuses `-p`, `-c`, `-m` and
// `--enable` there (exit 1: "configure the agent on the server"), and no local credential is used,
// so cx passes the arguments exactly as given and plans nothing for the model. Pure.
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { Selection } from '../select/select-profile.ts';
import type { Finding } from './finding.ts';
import type { Placement } from './profile-placement.ts';

export const REMOTE_RUN_MESSAGE = 'a --remote run is configured on the remote app server: cx adds no -p, -c, -m or --enable, and checks no local credentials or capabilities';

/** The arguments as given, with why nothing is added; a `+PROFILE` is refused (64), another selection is not applied. */
export function placeRemote(args: readonly string[], selection: Selection): Placement {
  const findings: Finding[] = [{ level: 'info', code: 'remote-run', message: REMOTE_RUN_MESSAGE }];
  const name = selection.name;
  if (name === null || selection.source === 'flag') return { args: [...args], findings, refusal: null };
  if (selection.source === 'plus') {
    const message = `+${name} cannot apply to a --remote run: the agent runs with the remote app server's configuration, and codex refuses -p and -c with --remote`;
    findings.push({ level: 'error', code: 'remote-profile', message });
    return { args: [...args], findings, refusal: new CxError(message, EXIT.usage, 'drop +PROFILE (configure the agent on the server), or drop --remote to run locally with the profile') };
  }
  findings.push({ level: 'info', code: 'remote-profile-not-applied', message: `profile ${name} (${selection.at ?? selection.source}) is not applied: a --remote run uses the remote app server's configuration` });
  return { args: [...args], findings, refusal: null };
}
