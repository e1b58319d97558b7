// The edges of `cx init`: what exists already (codex's config, profiles, cx's capability table), the
// questions when a person is there, writing the file (never over an existing one), storing the key
// through `cx secret set`, then `cx doctor +NAME`. What the file says is decided in profile-spec.ts.
import { lstatSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandContext } from '../cli/command-context.ts';
import { loadCommand } from '../cli/load-command.ts';
import { personPresent } from '../cli/person-present.ts';
import { builtinTable } from '../compat/table.ts';
import { createExclusive } from '../config/atomic-write.ts';
import { loadCodexConfig, profileNames } from '../config/codex-config.ts';
import { loadCxConfig } from '../config/cx-config.ts';
import { codexHome, codexHomeProblem } from '../config/home-dirs.ts';
import { isTable } from '../config/toml-file.ts';
import { CxError, isCxError } from '../cx-error.ts';
import { errnoCode } from '../errno-code.ts';
import { EXIT } from '../exit-status.ts';
import { type Asker, InitAborted, askAnswers, confirm, terminalAsker } from './ask.ts';
import { type InitAnswers, type InitKnown, type ProfileSpec, decideProfile } from './profile-spec.ts';

/** Ctrl-C at a question: 128 + SIGINT, as a shell reports it (as `cx secret set`). */
export const INIT_ABORTED_STATUS = 130;

export interface InitRequest extends InitAnswers {
  json: boolean;
  /** Ask nothing, even with a person at the terminal. */
  yes: boolean;
  /** Run `cx doctor +NAME` after writing (not with --json). */
  doctor: boolean;
}

export interface InitOutcome {
  spec: ProfileSpec;
  path: string;
  /** Whether the key was stored in the keyring now (null: not asked, or nothing to store). */
  keyStored: boolean | null;
}

function known(context: CommandContext): { known: InitKnown; existing: string[] } {
  const config = loadCodexConfig(context.env);
  const providers = config.base['model_providers'];
  const bedrock = (loadCxConfig(context.env).compat ?? builtinTable()).rows.find((row) => row.providers.includes('amazon-bedrock'));
  return {
    known: { definedProviders: isTable(providers) ? Object.keys(providers) : [], bedrockRegions: bedrock?.regions ?? [] },
    existing: profileNames(config),
  };
}

function refuseExisting(name: string, path: string, existing: readonly string[]): void {
  let there = existing.includes(name);
  try {
    lstatSync(path);
    there = true;
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') there = true;
  }
  if (there) {
    throw new CxError(`profile ${name} exists already (${path}, or a [profiles.${name}] table in config.toml); cx init never overwrites one`, EXIT.cantCreate, `pick another NAME, or edit the existing profile (\`cx profiles\` lists them)`);
  }
}

function write(spec: ProfileSpec, path: string): void {
  try {
    // ~/.codex may not exist yet (codex creates it at its first run): made private, as codex makes it.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    createExclusive(path, spec.text);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') throw new CxError(`${path} appeared while cx init was writing; nothing was overwritten`, EXIT.cantCreate, 'pick another NAME');
    throw new CxError(`cannot write ${path} (${code ?? 'error'})`, EXIT.cantCreate, `check that ${dirname(path)} is a directory you can write`);
  }
}

function keyAlready(spec: ProfileSpec, context: CommandContext): boolean {
  return spec.envKey !== null && Boolean(context.env[spec.envKey]);
}

/** How to provide the key when cx does not store it now (`keyring`: false when the keyring cannot be used here). */
export function keyAdvice(spec: ProfileSpec, keyring = true): string | null {
  if (spec.entra) return 'sign in with `az login` (codex runs `az account get-access-token` for each token)';
  if (spec.kind === 'amazon-bedrock') return 'AWS credentials come from your AWS profile or AWS_BEARER_TOKEN_BEDROCK (`aws sso login`, or `cx secret set AWS_BEARER_TOKEN_BEDROCK --profile NAME`)'.replace('NAME', spec.name);
  if (spec.envKey === null) return null;
  const openai = spec.kind === 'openai' ? 'log in with `codex login`, or ' : '';
  const where = `export ${spec.envKey}, or put ${spec.envKey}=… in $CODEX_HOME/.env (mode 0600)`;
  return keyring ? `${openai}store the key: \`cx secret set ${spec.envKey} --profile ${spec.name}\` (hidden prompt), or ${where}` : `${openai}provide the key without the keyring: ${where}`;
}

/** What became of the offer to store the key: stored, declined or failed, the keyring unusable, or not offered. */
type KeyOutcome = 'stored' | 'not-stored' | 'no-keyring' | null;

/** Offers to store the key now, through `cx secret set` (its hidden prompt, its keyring handling). */
async function storeKey(spec: ProfileSpec, context: CommandContext, asker: Asker): Promise<KeyOutcome> {
  if (spec.envKey === null || keyAlready(spec, context)) return null;
  const question = spec.kind === 'openai' ? `store an OpenAI API key (${spec.envKey}) in the keyring now? (no: use \`codex login\`)` : `store ${spec.envKey} in the keyring now?`;
  if (!(await confirm(asker, question))) return 'not-stored';
  asker.close();
  const { runSecret } = await loadCommand('secret');
  try {
    const set = { verb: 'set', name: spec.envKey, extra: [], profile: spec.name, reveal: false, json: false } as const;
    return (await runSecret(set, context.selfPaths)) === 0 ? 'stored' : 'not-stored';
  } catch (error) {
    if (!isCxError(error)) throw error;
    // keytar missing, a locked keyring, an empty value: the profile stands; say how else to give the key.
    process.stderr.write(`cx init: the key was not stored: ${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
    return error.status === EXIT.keyring ? 'no-keyring' : 'not-stored';
  }
}

/** How many times a person may answer before a wrong answer ends init (64). */
const ATTEMPTS = 3;

/** The questions, again after an answer that cannot be used (said with its fix); the flags given stay. */
async function askUntilValid(request: InitAnswers, asker: Asker, facts: InitKnown): Promise<ProfileSpec> {
  for (let attempt = 1; ; attempt += 1) {
    const answers = await askAnswers(request, asker, facts.definedProviders);
    try {
      return decideProfile(answers, facts);
    } catch (error) {
      if (!isCxError(error) || error.status !== EXIT.usage || attempt >= ATTEMPTS) throw error;
      process.stderr.write(`cx init: ${error.message}${error.hint ? ` (${error.hint})` : ''}; again:\n`);
    }
  }
}

/** Runs init; returns the exit status. */
export async function runInit(request: InitRequest, context: CommandContext): Promise<number> {
  const problem = codexHomeProblem(context.env);
  if (problem !== null) throw new CxError(problem, EXIT.config, 'create that directory, or unset CODEX_HOME (codex then uses ~/.codex)');
  const { known: facts, existing } = known(context);
  const interactive = !request.yes && personPresent(context.env);
  let asker: Asker | null = null;
  try {
    let spec: ProfileSpec;
    if (interactive) {
      asker = await terminalAsker();
      spec = await askUntilValid(request, asker, facts);
    } else if (request.name === '' || request.provider === '') {
      throw new CxError(`cx init needs ${request.name === '' ? 'a NAME' : '--provider'} when nobody is at a terminal to ask`, EXIT.usage, 'cx init NAME --provider openai|azure|amazon-bedrock|ollama|lmstudio|ID [--model M] [--region R] [--base-url U] [--env-key V]');
    } else {
      spec = decideProfile(request, facts);
    }
    const path = join(codexHome(context.env), `${spec.name}.config.toml`);
    refuseExisting(spec.name, path, existing);
    if (asker !== null) {
      process.stderr.write(`\n${path}:\n${spec.text.replace(/^/gm, '  ')}\n`);
      if (!(await confirm(asker, 'write this file?'))) {
        process.stderr.write('cx init: nothing written\n');
        return 0;
      }
    }
    write(spec, path);
    const key = asker === null ? null : await storeKey(spec, context, asker);
    asker?.close();
    asker = null;
    report({ spec, path, keyStored: key === null ? null : key === 'stored' }, request.json, context, key !== 'no-keyring');
    if (request.json || !request.doctor) return 0;
    process.stdout.write(`\ncx doctor +${spec.name}:\n`);
    const { runDoctor } = await loadCommand('doctor');
    await runDoctor({ json: false, cxOnly: false, plusProfile: spec.name, options: new Set(), rest: [] }, context);
    return 0;
  } catch (error) {
    if (error instanceof InitAborted) {
      process.stderr.write('\ncx init: aborted; nothing written\n');
      return INIT_ABORTED_STATUS;
    }
    throw error;
  } finally {
    asker?.close();
  }
}

function report(outcome: InitOutcome, json: boolean, context: CommandContext, keyring: boolean): void {
  const { spec, path, keyStored } = outcome;
  const advice = keyStored === true || keyAlready(spec, context) ? null : keyAdvice(spec, keyring);
  if (json) {
    const document = { schemaVersion: 1, path, profile: spec.name, provider: spec.provider, model: spec.model, region: spec.region, baseUrl: spec.baseUrl, envKey: spec.envKey, entra: spec.entra, keyStored, next: advice };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  const lines = [`cx init: wrote ${path} (mode 0600): provider ${spec.provider}${spec.model === null ? '' : `, model ${spec.model}`}${spec.region === null ? '' : `, region ${spec.region}`}`];
  if (advice !== null) lines.push(`next: ${advice}`);
  lines.push(`run it: cx +${spec.name} exec "say hi"   (or name it in a .cxrc: echo ${spec.name} > .cxrc && cx trust)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
