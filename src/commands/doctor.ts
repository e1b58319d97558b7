// `cx doctor [--json] [--cx-only] [--cx-strict] [+PROFILE] [-- CODEX ARGS ...]`: cx's checks, then
// codex's own `codex doctor --json`, in one report.
import type { Argv } from 'yargs';
import { loadCommand } from '../cli/load-command.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { describeInvalidProfileName, isValidProfileName } from '../select/profile-name.ts';
import { type CxCommandModule, type Dispatched, MAN_CX, usageHint } from './command-module.ts';

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

export const doctorCommand: CxCommandModule<DoctorOptions> = {
  command: 'doctor [+PROFILE]',
  describe: "cx's checks, then `codex doctor`",
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
