// `cx doctor [--json] [--cx-only] [--cx-strict] [+PROFILE] [-- CODEX ARGS ...]`: cx's checks, then
// codex's own `codex doctor --json`, in one report.
import type { Argv } from 'yargs';
import { loadCommand } from '../cli/load-command.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { type CxCommand, type Dispatched, MAN_CX, usageHint } from './command-module.ts';

const DOCTOR_USAGE = 'usage: cx doctor [--json] [--cx-only] [+PROFILE] [-- CODEX ARGS ...]';

interface DoctorOptions {
  '+PROFILE': string | undefined;
  json: boolean | undefined;
  'cx-only': boolean | undefined;
  'cx-strict': boolean | undefined;
  '--': string[] | undefined;
}

/** `+NAME` as doctor takes it (the positional), or null. */
function plusProfile(word: string | undefined): string | null {
  if (word === undefined) return null;
  const name = word.slice(1);
  if (!word.startsWith('+') || name === '') throw new CxError(word.startsWith('+') ? '`+` needs a profile name' : 'unknown argument (not shown) (cx doctor): a profile is written +NAME', EXIT.usage, usageHint('doctor'));
  if (!isValidProfileName(name)) throw new CxError(describeInvalidProfileName(name), EXIT.usage, usageHint('doctor'));
  return name;
}

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const DOCTOR_SYNOPSIS = [
  String.raw`.Cm doctor
.Op Fl -json
.Op Fl -cx-only
.Op Cm + Ns Ar PROFILE
.Op Fl - Ar CODEX_ARGS ...`,
];

const DOCTOR_MAN = String.raw`.It Cm doctor Oo Fl -json Oc Oo Fl -cx-only Oc Oo Cm + Ns Ar PROFILE Oc Op Fl - Ar CODEX_ARGS ...
Run the checks of
.Nm ,
then codex's own
.Ql codex doctor --json ,
and list them one check each
.Pq ok , WARN , FAIL , skip ;
coloured on a terminal; lines wrapped to the terminal's width, 100 columns in a pipe; a fix
already given above is not repeated, and
.Li cx.plan
names the checks that block the launch; a failing
.Ql codex doctor
is a failed
.Li cx.codex.doctor ,
never ok):
which codex is found and its version (a warning for a codex outside the supported range, see
.Sx CODEX RELEASES ) ;
whether every configuration file parses (codex's
.Pa config.toml ,
every profile file, the configuration of
.Nm ,
the
.Pa .cxrc
here; a malformed one fails, naming file and line, and the other checks still run); the
profiles; what is selected here and why; the trust state of the
.Pa .cxrc ;
each credential source (the keyring, the AWS SSO session behind a Bedrock profile, the
permissions of
.Pa $CODEX_HOME/.env ) ;
the credentials found, by name and source; the model against the provider's own list
.Po Li cx.model.listed :
.Ql GET {base_url}/models
with the bearer key codex would send, bounded to 5 seconds; skipped where that takes AWS signing,
a token command or a ChatGPT login
.Pc ;
and the findings for the selected profile.
codex's doctor refuses
.Fl p ,
so it gets the selected profile's settings as
.Fl c
overrides.
Each codex run is bounded by
.Ev CX_DOCTOR_TIMEOUT_MS .
Exits 0 when no check failed, 1 when any did (warnings do not count), 64 for a bad argument.
.Bl -tag -width Ds
.It Fl -json
One JSON object in the shape of
.Ql codex doctor --json :
.Li schemaVersion , overallStatus , checks
(keyed
.Li cx. Ns Ar ID
and
.Li codex. Ns Ar ID ,
each with
.Li status , summary , remediation
and more) and
.Li codex
.Pq Li ran , exitCode , overallStatus , version .
.It Fl -cx-only
Run no codex at all: no
.Fl -version ,
no
.Ql codex doctor .
.It Cm + Ns Ar PROFILE
Check that profile instead of the one selected here.
.It Fl - Ar CODEX_ARGS ...
Check the plan for these codex arguments (default: codex's interactive mode).
.El`;

export const doctorCommand: CxCommand<DoctorOptions> = {
  command: 'doctor [+PROFILE]',
  describe: "cx's checks, then `codex doctor`",
  about: {
    bundle: 'cli/doctor',
    options: { json: { brief: 'machine-readable report' }, 'cx-only': { brief: "cx's checks only" } },
    plusProfile: true,
    json: { schemaVersion: 1 },
    man: { synopsis: DOCTOR_SYNOPSIS, entries: DOCTOR_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`${DOCTOR_USAGE}

Runs cx's own checks, then codex's own \`codex doctor --json\`, and lists them one line per check
(ok, WARN, FAIL, skip), cx's first: which codex is found and its version; whether every
configuration file parses (codex's config.toml, every profile file in $CODEX_HOME, cx's config,
the .cxrc here; a malformed one fails naming file and line, and the other checks still run); the
profiles; what is selected here and why; the trust state of the .cxrc; each credential source
(the keyring answers, the AWS SSO login behind a Bedrock profile, $CODEX_HOME/.env permissions);
the credentials the plan found (names and sources, never values); the model against the
provider's own list (GET {base_url}/models with the bearer key codex would send, at most 5 s;
skipped where that needs AWS signing, a token command or a ChatGPT login); the plan's findings.`)
      .positional('+PROFILE', { type: 'string', describe: '+PROFILE: check that profile instead of the one selected here' })
      .option('json', {
        type: 'boolean',
        describe: 'one JSON object: {schemaVersion, overallStatus, checks: {"cx.ID": {...}, "codex.ID": {...}}, codex: {ran, exitCode, overallStatus, version}}; each check has id, category, status (ok|warning|fail|skipped), summary, remediation, details',
      })
      .option('cx-only', { type: 'boolean', describe: 'run no codex at all (no --version, no `codex doctor`)' })
      .option('cx-strict', { type: 'boolean', describe: 'judge the plan as a strict launch would (also CX_STRICT=1)' })
      .epilogue(`-- CODEX ARGS: check the plan for these codex arguments (default: codex's TUI).
codex doctor refuses -p, so cx gives it the selected profile's settings as -c overrides.
CX_DOCTOR_TIMEOUT_MS bounds each codex run (default 30000 ms; --version at most 5000 ms);
CX_KEYRING_TIMEOUT_MS bounds the keyring probe. \`cx -- doctor\` runs codex's doctor alone.
Exit status is a report, not a refusal: 0 when no check failed, 1 when any did (warnings do not
count); ${EXIT.usage} for a bad argument.
${MAN_CX}`) as Argv<Dispatched & DoctorOptions>, // `--` is yargs's populate-- (dispatch.ts)
  handler: async (argv) => {
    const { runDoctor } = await loadCommand('doctor');
    const args = {
      json: argv.json === true,
      cxOnly: argv['cx-only'] === true,
      plusProfile: plusProfile(argv['+PROFILE']),
      options: new Set(argv['cx-strict'] === true ? (['--cx-strict'] as const) : []),
      rest: argv['--'] ?? [],
    };
    process.exitCode = await runDoctor(args, argv.cx.context);
  },
};
