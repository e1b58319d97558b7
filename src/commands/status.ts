// `cx status [+PROFILE] [--json] [--prompt]` as a yargs command module. The handler is thin: the
// work is in src/status/. `--prompt` runs at every shell prompt, so main.ts sends it to
// cli/status-prompt.ts, which runs it without loading yargs (the completion budget).
import type { CommandContext } from '../cli/command-context.ts';
import { writeOut } from '../cli/write-out.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { statusJson, statusText } from '../status/render-status.ts';
import { NO_PROFILE, UNKNOWN_MARK } from '../status/prompt-status.ts';
import { gatherStatus, promptStatus } from '../status/run-status.ts';
import { type CxCommand, MAN_CX } from './command-module.ts';

export const STATUS_USAGE = 'usage: cx status [+PROFILE] [--json] [--prompt]';

export interface StatusArgs {
  profile?: string | undefined;
  json?: boolean | undefined;
  prompt?: boolean | undefined;
}

/** `+NAME` → NAME; anything else is a usage error. */
function plusProfile(word: string | undefined): string | null {
  if (word === undefined) return null;
  const name = word.startsWith('+') ? word.slice(1) : null;
  if (name === null || name === '') throw new CxError('cx status takes a profile as +NAME', EXIT.usage, STATUS_USAGE);
  if (!isValidProfileName(name)) throw new CxError(describeInvalidProfileName(name), EXIT.usage, STATUS_USAGE);
  return name;
}

/** Runs status; returns the exit status. */
export async function runStatusCommand(args: StatusArgs, context: CommandContext): Promise<number> {
  const wanted = { plusProfile: plusProfile(args.profile) };
  if (args.prompt) {
    let text: string;
    try {
      text = await promptStatus(wanted, context);
    } catch {
      text = UNKNOWN_MARK; // a prompt never shows an error
    }
    writeOut(`${text}\n`);
    return 0;
  }
  const report = await gatherStatus(wanted, context);
  process.stdout.write(args.json ? statusJson(report) : statusText(report));
  return report.exitStatus;
}

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const STATUS_SYNOPSIS = [
  String.raw`.Cm status
.Op Cm + Ns Ar PROFILE
.Op Fl -json
.Op Fl -prompt`,
];

const STATUS_MAN = String.raw`.It Cm status Oo Cm + Ns Ar PROFILE Oc Oo Fl -json Oc Op Fl -prompt
One short answer, three lines: the profile selected here and what selected it (or
.Cm + Ns Ar PROFILE ) ,
with its provider, model and region; whether the credentials a run needs are there (their
names and where they were found, never a value; the expiry of an AWS SSO login; otherwise the
problem and its fix); and the codex
.Nm
would run, with its version
.Po
.Ql codex --version ,
at most 3 seconds
.Pc .
Nothing is asked or renewed.
Exits as
.Cm explain
does: 0 when a run here would launch, else the status the launch would have.
With
.Fl -json ,
one object:
.Li schemaVersion , profile
.Pq Li name , source , at , file ,
.Li provider
.Pq Li id , region , regionFrom ,
.Li model , credentials
.Pq Li ready No (true, false, or null when not looked up), Li found , sso , problems ,
.Li codex
.Pq Li bin , version , problem
and
.Li launch .
.Pp
.Fl -prompt
prints a few characters for a shell prompt: the profile name (or
.Ql -
when none is selected), followed by
.Ql !\&
when the credentials are not ready and
.Ql ?\&
when the profile does not exist.
It reads only files and the environment \(em it starts no codex, opens no keyring (a key kept
there counts as present once
.Cm secret set
has stored anything on this machine), loads no AWS SDK and uses no network \(em so it fits the
budget of a completion request; it always exits 0, printing
.Ql ?\&
when it cannot tell.`;

export const statusCommand: CxCommand<StatusArgs> = {
  command: 'status [profile]',
  describe: 'one short answer: profile and why, provider, model, credentials ready, codex version',
  about: {
    options: { json: { brief: 'machine-readable status' }, prompt: { brief: 'a few characters for a shell prompt' } },
    plusProfile: true,
    json: { schemaVersion: 1 },
    man: { synopsis: STATUS_SYNOPSIS, entries: STATUS_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`${STATUS_USAGE}

Three lines: the profile selected here and what selected it, with its provider, model and region;
whether the credentials a run needs are there (names and where, never values; an SSO login's
expiry; the fix when they are not); and the codex cx would run, with its version (\`codex
--version\`, at most 3 s). Nothing is asked and nothing renewed: an expired SSO session is reported.`)
      .positional('profile', { type: 'string', describe: 'the status of that profile (+NAME) instead of the one selected here' })
      .option('json', { type: 'boolean', describe: 'one JSON object (schemaVersion 1): profile, provider, model, credentials, codex, launch' })
      .option('prompt', {
        type: 'boolean',
        describe: `a few characters for a shell prompt: the profile, and ! when credentials are not ready (\`${NO_PROFILE}\` when none is selected, NAME? for a profile that does not exist); reads only files and the environment (no codex run, no keyring, no network); always exits 0, printing \`${UNKNOWN_MARK}\` when cx cannot tell`,
      })
      .epilogue(`Exit status: 0 when a run here would launch, else the status the launch would exit with (as cx
explain); --prompt always 0.
${MAN_CX}`),
  handler: async ({ profile, json, prompt, cx: { context } }) => {
    process.exitCode = await runStatusCommand({ profile, json, prompt }, context);
  },
};
