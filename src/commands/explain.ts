// `cx explain [--json] [--verbose] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]`: the plan for this run,
// launching nothing. Its prefix and codex arguments are split on the launch path (split-argv.ts),
// so yargs sees only the command word; the handler plans as a launch would and prints the plan.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommand, MAN_CX } from './command-module.ts';

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const EXPLAIN_SYNOPSIS = [
  String.raw`.Cm explain
.Op Fl -json
.Op Cm + Ns Ar PROFILE
.Op Ar CODEX_ARGS ...`,
];

const EXPLAIN_MAN = String.raw`.It Cm explain Oo Fl -json Oc Oo Fl -verbose Oc Oo Cm + Ns Ar PROFILE Oc Op Ar CODEX_ARGS ...
Print what
.Ql cx [+PROFILE] [CODEX_ARGS ...]
would do here, and why, and launch nothing.
By default a screenful that fits the terminal (at most 100 columns; 100 in a pipe), about 12
lines: whether it would launch (and the exit status if not), the profile and what selected it,
provider, region and model, the command, each credential
.Pq Do Ar NAME No from Ar SOURCE , delivered as Ar HOW Dc , never a value ,
the fallbacks tried, and the errors and warnings; notes are counted.
On a terminal the verdict and the level words are coloured (see
.Ev NO_COLOR
and
.Ev FORCE_COLOR ) .
would do here, and why, and launch nothing: the profile and every source consulted, with
why each decided or passed; the codex binary and its arguments; the names of the environment
variables added or removed; the credentials, by name and by their real source and lifetime
(the SSO session and when its token expires, a role and its
.Li source_profile ,
a
.Li credential_process
program, a web identity role and token file, the environment,
.Pa $CODEX_HOME/.env ,
the keyring, a token command and its expiry, how long
.Nm
caches them), never by value; the findings;
and the fallbacks tried.
The arguments are read as codex would get them:
.Ql cx explain exec --help
explains a run of
.Ql codex exec --help .
Exits 0 when the run would launch, else with the status the launch would exit with.
.Bl -tag -width Ds
.It Fl -verbose
The long form: every source consulted for the profile, with why each decided or passed; where
the codex binary was found and what was passed over; every
.Pa .cxrc
and project layer that applies; the names of the environment variables added or removed; the
capability row; and every finding, notes included.
.It Fl -json
One JSON object with
.Li schemaVersion ,
.Li profile
.Pq Li name , source , file , trusted ,
.Li provider
.Pq Li id , region ,
.Li model ,
.Li credentials
.Pq Li name , source , delivery , from , origin , expires , cachedUntil ,
.Li findings
.Pq Li level , code , message , fix ,
.Li failover
.Pq Li profile , outcome , codes ,
.Li command
.Pq Li bin , args ,
.Li env
.Pq Li added , removed
and
.Li launch ,
then details of
.Nm
.Pq Li codex , selection , cxrc , settings ;
.Li runDir
is the directory of the run,
.Li cxrcs
every
.Pa .cxrc
whose restrictions apply (nearest first),
.Li cxrcIgnored
those ignored and why,
.Li projectLayers
the
.Pa .codex/config.toml
files of a project codex trusts that apply; a word from a
.Pa .cxrc
that names nothing
.Nm
knows is
.Li null ) .
The profile
.Li source
is one of
.Li flag , plus , env:CX_PROFILE , env:CODEX_PROFILE , cxrc , rule , default , none .
.El`;

export const explainCommand: CxCommand<{ json: boolean | undefined; verbose: boolean | undefined }> = {
  command: 'explain',
  describe: 'show the plan for a run ([+PROFILE] [CODEX ARGS ...]); launch nothing',
  about: {
    bundle: 'cli/explain',
    options: { json: { brief: 'print the plan as JSON' }, verbose: { brief: 'every source consulted' } },
    completer: 'codex',
    json: { schemaVersion: 1 },
    man: { synopsis: EXPLAIN_SYNOPSIS, entries: EXPLAIN_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`usage: cx explain [--json] [--verbose] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]

Shows what \`cx [+PROFILE] [CODEX ARGS ...]\` would do here, and why, and launches nothing, in a
screenful that fits the terminal (at most 100 columns): the verdict, the profile and what selected
it, provider and model, the command, the credentials (names, where they come from and how codex
gets them, never values), and the errors and warnings. \`cx --cx-dry-run ...\` does the same.
Coloured on a terminal (NO_COLOR turns it off, FORCE_COLOR forces it).`)
      .option('verbose', {
        type: 'boolean',
        describe: 'every source consulted (and why each decided or passed), where codex was found, every .cxrc, the environment variables added or removed, and every finding',
      })
      .option('json', {
        type: 'boolean',
        describe: 'one JSON object: schemaVersion, profile, provider, model, credentials, findings, failover, command, env, launch, and cx\'s details (codex, selection, cxrc, settings)',
      })
      .epilogue(`Arguments after the prefix are read as codex would get them: \`cx explain exec --help\` explains
a run of \`codex exec --help\`.
Exit status: 0 when the run would launch, else the status the launch would exit with.
${MAN_CX}`),
  // Its prefix was split on the launch path: without a help flag there is nothing for yargs to parse.
  runsWithoutParser: (words) => words.length === 1,
  handler: async ({ cx: { context, invocation } }) => {
    const plan = await context.plan(invocation);
    // Not on the launch path: loaded only when asked for.
    const { explainJson, explainTextHere, willLaunch } = await loadCommand('explain');
    process.stdout.write(invocation.json ? explainJson(plan) : explainTextHere(plan, invocation.verbose === true, context.env));
    process.exitCode = willLaunch(plan) ? 0 : (plan.refusal?.status ?? EXIT.usage);
  },
};
