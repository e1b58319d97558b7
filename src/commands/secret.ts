// `cx secret set|get|rm|ls [NAME] [--profile P] [--reveal] [--json]`: credentials kept in the OS
// keyring. NAME and P are checked by src/cli/secret.ts, which never echoes them when they are not
// valid names (a secret pasted in the wrong place); the usage messages here show no typed value
// either (src/cli/usage-message.ts).
import type { Argv } from 'yargs';
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { SECRET_ABORTED_STATUS as ABORTED, SECRET_MISSING_STATUS as MISSING } from '../cli/secret-statuses.ts';
import { type CxCommand, type CxCommandModule, type Dispatched, JSON_OPTION, MAN_CX } from './command-module.ts';

const SECRET_USAGE = `usage: cx secret set|get|rm|ls [NAME] [--profile P] [--reveal] [--json]

NAME is the environment variable codex reads (OPENAI_API_KEY, AZURE_OPENAI_API_KEY, …). An entry
is global, or for one profile with --profile P; when cx looks a credential up for a profile, that
profile's entry wins over the global one. Entries live in the OS keyring under service "cx",
account NAME or P/NAME (beside them, "__cx_canary__" holds a fixed, non-secret value that tells a
locked keyring from a missing entry).`;

const SECRET_EPILOGUE = `set never takes the value as an argument (shell history and ps would show it). From a pipe, one
trailing newline is dropped; an empty value is refused. At the prompt, Ctrl-C stores nothing.

Exit status: 0; ${EXIT.usage} usage; ${MISSING} no such entry (get, rm);
${EXIT.keyring} the keyring is not available, locked or did not answer (CX_KEYRING_TIMEOUT_MS, default
1500 ms, bounds each keyring operation), or keytar (cx's binding to it, an optional dependency) is
not installed; ${ABORTED} set interrupted.
${MAN_CX}`;

type Verb = 'set' | 'get' | 'rm' | 'ls';

interface VerbOptions {
  NAME: string | undefined;
  extra: string[] | undefined;
  profile: string | undefined;
  reveal: boolean | undefined;
  json: boolean | undefined;
}

const PROFILE_OPTION = { type: 'string', requiresArg: true, describe: 'the entry of profile P (default: the global entry)' } as const;

function verbModule(verb: Verb, describe: string): CxCommandModule<VerbOptions> {
  return {
    // `extra`: words after NAME, refused by secret.ts without being shown (a value typed as an argument).
    command: verb === 'ls' ? 'ls [extra..]' : `${verb} [NAME] [extra..]`,
    describe,
    builder: (yargs) => {
      const withProfile = yargs.usage(SECRET_USAGE).option('profile', PROFILE_OPTION).epilogue(SECRET_EPILOGUE);
      if (verb === 'get') withProfile.option('reveal', { type: 'boolean', describe: 'print the value itself' });
      if (verb === 'ls') withProfile.option('json', { ...JSON_OPTION, describe: '{schemaVersion, service, entries [{name, scope, profile}]}: names, never values' });
      // NAME and extra come from the command string; yargs's types do not see them.
      return withProfile as unknown as Argv<Dispatched & VerbOptions>;
    },
    handler: async ({ NAME, extra, profile, reveal, json, cx: { context } }) => {
      const { runSecret } = await loadCommand('secret');
      const args = { verb, name: NAME ?? null, extra: extra ?? [], profile: profile ?? null, reveal: reveal === true, json: json === true };
      process.exitCode = await runSecret(args, context.selfPaths);
    },
  };
}

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const SECRET_SYNOPSIS = [
  String.raw`.Cm secret
.Cm set | get | rm | ls
.Op Ar NAME
.Op Fl -profile Ar P
.Op Fl -reveal
.Op Fl -json`,
];

const SECRET_MAN = String.raw`.It Cm secret set Ar NAME Op Fl -profile Ar P
Store a credential in the OS keyring under the name of the environment variable codex reads
.Pq Ev OPENAI_API_KEY , AZURE_OPENAI_API_KEY , No ... ,
for every profile, or with
.Fl -profile
for profile
.Ar P
only (which then wins over the global entry).
The value is read from a hidden prompt in a terminal, or from standard input with one trailing
newline dropped; never from an argument, which shell history and
.Xr ps 1
would show.
A profile
.Ar P
that does not exist is refused (78, with the nearest name) before anything is stored; a
.Ar NAME
that no provider in codex's configuration reads (an
.Li env_key ,
or one of
.Ev OPENAI_API_KEY , CODEX_API_KEY , AWS_BEARER_TOKEN_BEDROCK )
is stored with a warning: cx would never deliver it.
.It Cm secret get Ar NAME Oo Fl -profile Ar P Oc Op Fl -reveal
Say whether and where
.Ar NAME
is stored; print the value only with
.Fl -reveal .
A name with no entry (66) is followed by the stored name it was most likely meant to be.
.It Cm secret rm Ar NAME Op Fl -profile Ar P
Remove it (the same did-you-mean when there is nothing to remove).
.It Cm secret ls Oo Fl -profile Ar P Oc Op Fl -json
List the names stored, never the values.
With
.Fl -json ,
one object:
.Li schemaVersion , service
and
.Li entries
.Pq Li name , scope , profile ;
names only.`;

export const secretCommand: CxCommand = {
  command: 'secret',
  describe: 'set|get|rm|ls [NAME] [--profile P]: credentials kept in the OS keyring',
  about: {
    bundle: 'cli/secret',
    options: {},
    completer: 'secret',
    json: { schemaVersion: 1 },
    man: { synopsis: SECRET_SYNOPSIS, entries: SECRET_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(SECRET_USAGE)
      .command(verbModule('set', 'store NAME: typed at a hidden prompt, or piped on stdin') as never)
      .command(verbModule('get', 'say whether and where NAME is stored; --reveal prints it') as never)
      .command(verbModule('rm', 'remove NAME') as never)
      .command(verbModule('ls', 'list the names stored (never the values)') as never)
      .demandCommand(1, 'cx secret needs a command: set, get, rm or ls')
      .epilogue(SECRET_EPILOGUE),
  handler: async () => {},
};
