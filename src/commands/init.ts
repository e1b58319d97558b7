// `cx init [NAME] [--provider P ...]` as a yargs command module; the handler is thin, the work is in
// src/init/.
import type { CommandContext } from '../cli/command-context.ts';
import { EXIT } from '../exit-status.ts';
import { AZURE_API_VERSION } from '../init/profile-spec.ts';
import { INIT_ABORTED_STATUS, runInit } from '../init/run-init.ts';
import { type CxCommand, MAN_CX } from './command-module.ts';

export const INIT_USAGE = 'usage: cx init [NAME] [--provider P] [--model M] [--region R] [--base-url U] [OPTION ...]';

export const INIT_OPTIONS = {
  provider: { type: 'string', describe: 'openai, azure, amazon-bedrock, ollama, lmstudio, one config.toml defines, a new ID' },
  model: { type: 'string', describe: 'the model (Azure: the deployment name; Bedrock: openai.gpt-5.5 and the like)' },
  region: { type: 'string', describe: 'the AWS region (Amazon Bedrock)' },
  'base-url': { type: 'string', describe: 'the endpoint (Azure: https://RESOURCE.openai.azure.com/openai; a new ID: its /v1)' },
  'env-key': { type: 'string', describe: 'the variable with the key (AZURE_OPENAI_API_KEY, OPENAI_API_KEY, ID_API_KEY)' },
  'api-version': { type: 'string', describe: `Azure's api-version (default ${AZURE_API_VERSION})` },
  entra: { type: 'boolean', describe: 'Azure with Entra ID: the token comes from `az account get-access-token`, no key' },
  yes: { type: 'boolean', describe: 'ask nothing, even at a terminal' },
  json: { type: 'boolean', describe: 'print what was written as one JSON object (schemaVersion 1); runs no doctor' },
  'no-doctor': { type: 'boolean', describe: 'do not run `cx doctor +NAME` afterwards' },
} as const;


export interface InitArgs {
  name?: string | undefined;
  provider?: string | undefined;
  model?: string | undefined;
  region?: string | undefined;
  'base-url'?: string | undefined;
  'env-key'?: string | undefined;
  'api-version'?: string | undefined;
  entra?: boolean | undefined;
  yes?: boolean | undefined;
  json?: boolean | undefined;
  'no-doctor'?: boolean | undefined;
}

export function runInitCommand(args: InitArgs, context: CommandContext): Promise<number> {
  return runInit(
    {
      name: args.name ?? '',
      provider: args.provider ?? '',
      model: args.model ?? null,
      region: args.region ?? null,
      baseUrl: args['base-url'] ?? null,
      envKey: args['env-key'] ?? null,
      apiVersion: args['api-version'] ?? null,
      entra: args.entra === true,
      yes: args.yes === true,
      json: args.json === true,
      doctor: args['no-doctor'] !== true,
    },
    context,
  );
}

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const INIT_SYNOPSIS = [
  String.raw`.Cm init
.Op Ar NAME
.Op Fl -provider Ar P
.Op Fl -model Ar M
.Op Fl -region Ar R
.Op Fl -base-url Ar U
.Op Fl -env-key Ar V
.Op Fl -api-version Ar V
.Op Fl -entra
.Op Fl -yes
.Op Fl -json
.Op Fl -no-doctor`,
];

const INIT_MAN = String.raw`.It Cm init Oo Ar NAME Oc Oo Fl -provider Ar P Oc Oo Ar OPTION ... Oc
Write a first profile,
.Pa $CODEX_HOME/ Ns Ar NAME Ns Pa .config.toml
.Pq mode 0600 , written whole or not at all ,
that the real codex accepts, then run
.Ql cx doctor + Ns Ar NAME .
An existing profile (a file or a legacy table of that name) is never overwritten: exit 73.
When a person is at the terminal (standard input and standard error are terminals and the run
is not in CI) and
.Fl -yes
is not given, it asks for what the options leave open, shows the file before writing it, and
offers to store the key in the keyring
.Po
.Ql cx secret set VAR --profile NAME ,
at its hidden prompt
.Pc ;
without keytar it says how to provide the key instead.
Otherwise nothing is asked:
.Ar NAME
and
.Fl -provider
are needed.
.Bl -tag -width Ds
.It Fl -provider Ar P
.Li openai ,
.Li azure ,
.Li amazon-bedrock
.Pq or Li bedrock ,
.Li ollama ,
.Li lmstudio ,
a provider
.Pa config.toml
defines, or a new ID with
.Fl -base-url .
An unknown one is refused (64) with the nearest name.
.It Fl -model Ar M
The model; for Azure the deployment name, for Bedrock an ID such as
.Li openai.gpt-5.5 .
.It Fl -region Ar R
Amazon Bedrock's region, one of those it serves OpenAI models in.
.It Fl -base-url Ar U
Azure's
.Li https://RESOURCE.openai.azure.com/openai ,
or a new provider's endpoint.
.It Fl -env-key Ar V
The variable holding the key (default
.Ev AZURE_OPENAI_API_KEY ,
.Ev OPENAI_API_KEY ,
or
.Ar ID Ns Ev _API_KEY ) .
.It Fl -api-version Ar V
Azure's
.Li api-version
query parameter (default
.Li 2025-04-01-preview ) .
.It Fl -entra
Azure with Entra ID: the provider gets its bearer token from
.Ql az account get-access-token --resource https://cognitiveservices.azure.com --query accessToken -o tsv
.Pq codex's Li auth = { command, args } ,
and reads no key.
.It Fl -yes
Ask nothing, even at a terminal.
.It Fl -json
Print what was written as one object
.Pq Li schemaVersion , path , profile , provider , model , region , baseUrl , envKey , entra , keyStored , next ;
runs no doctor.
.It Fl -no-doctor
Do not run the doctor afterwards.
.El
.Pp
Exits 0 once the file is written (the doctor's verdict is shown, not returned), 64 for a
missing or wrong option, 73 when the profile exists or cannot be written, 78 when
.Ev CODEX_HOME
or codex's
.Pa config.toml
is broken, 130 on Ctrl-C at a question (nothing written).`;

export const initCommand: CxCommand<InitArgs> = {
  command: 'init [name]',
  describe: 'write a first profile codex accepts (asks in a terminal), then run cx doctor for it',
  about: {
    options: {
      provider: { brief: 'the provider', value: 'text' },
      model: { brief: 'the model or Azure deployment', value: 'text' },
      region: { brief: 'the AWS region (Bedrock)', value: 'text' },
      'base-url': { brief: 'the endpoint', value: 'text' },
      'env-key': { brief: 'the variable with the key', value: 'text' },
      'api-version': { brief: "Azure's api-version", value: 'text' },
      entra: { brief: 'Azure with Entra ID' },
      yes: { brief: 'ask nothing' },
      json: { brief: 'print what was written as JSON' },
      'no-doctor': { brief: 'do not run cx doctor afterwards' },
    },
    json: { schemaVersion: 1 },
    man: { synopsis: INIT_SYNOPSIS, entries: INIT_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`${INIT_USAGE}

Writes a first profile, $CODEX_HOME/NAME.config.toml (mode 0600, written whole or not at all, never
over an existing profile), that the real codex accepts; then runs \`cx doctor +NAME\`. At a
terminal (stdin and stderr a terminal, not CI) it asks for what the options do not give, shows the
file, and offers to store the key in the keyring (\`cx secret set NAME --profile NAME\`, hidden
prompt). Otherwise nothing is asked: NAME and --provider are needed, and it says how to provide the
key.`)
      .positional('name', { type: 'string', describe: 'the profile name' })
      .options(INIT_OPTIONS)
      .epilogue(`Examples:
  cx init work --provider openai
  cx init azure --provider azure --base-url https://RES.openai.azure.com/openai --model my-deploy
  cx init entra --provider azure --entra --base-url https://RES.openai.azure.com/openai --model dep
  cx init bedrock --provider amazon-bedrock --region eu-west-1 --model openai.gpt-5.5
  cx init gateway --provider litellm --base-url https://llm.example.com/v1 --model gpt-5-mini

Exit status: 0 written (the doctor's verdict is shown, not returned); ${EXIT.usage} a missing or wrong
option (with the fix); ${EXIT.cantCreate} the profile exists already or cannot be written; ${EXIT.config} CODEX_HOME or
codex's config.toml is broken; ${INIT_ABORTED_STATUS} Ctrl-C at a question (nothing written).
${MAN_CX}`),
  handler: async (argv) => {
    process.exitCode = await runInitCommand(argv, argv.cx.context);
  },
};
