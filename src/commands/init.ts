// `cx init [NAME] [--provider P ...]` as a yargs command module; the handler is thin, the work is in
// src/init/.
import type { CommandContext } from '../cli/command-context.ts';
import { EXIT } from '../exit-status.ts';
import { AZURE_API_VERSION } from '../init/profile-spec.ts';
import { INIT_ABORTED_STATUS, runInit } from '../init/run-init.ts';
import { type CxCommandModule, MAN_CX } from './command-module.ts';

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

export const initCommand: CxCommandModule<InitArgs> = {
  command: 'init [name]',
  describe: 'write a first profile codex accepts (asks in a terminal), then run cx doctor for it',
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
