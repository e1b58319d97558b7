// `cx secret set|get|rm|ls [NAME] [--profile P]`: credentials kept in the OS keyring (envchain's
// idea), each named by the environment variable codex reads, either for every profile or for one
// (`--profile P`; when cx resolves credentials, the entry for the selected profile wins over the
// global one). Not on the launch path: loaded on demand. No secret value is ever part of a message;
// the value reaches stdout only through `get --reveal`, and is never taken from an argument.
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { KEYRING_SERVICE, type KeyringStatus, secretAccount } from '../credentials/keyring-api.ts';
import { keyringDelete, keyringGet, keyringList, keyringTimeoutMs, keyringWrite } from '../credentials/keyring.ts';
import { keyringInUseMarker } from '../credentials/keyring-api.ts';
import { keytarSetupHere } from '../credentials/keytar-setup.ts';
import { writeFileAtomic } from '../config/atomic-write.ts';
import { stateDir } from '../config/trust-store.ts';
import { isValidProfileName } from '../select/profile-name.ts';
import { loadCodexConfig, profileNames, userTables } from '../config/codex-config.ts';
import { namesProvidersRead, unknownProfile, unreadSecret } from '../credentials/secret-names.ts';
import { nearestName } from '../nearest-name.ts';
import { printableLine } from './printable.ts';
import { personPresent } from './person-present.ts';
import { SECRET_ABORTED_STATUS, SECRET_MISSING_STATUS } from './secret-statuses.ts';

const USAGE = 'usage: cx secret set|get|rm|ls [NAME] [--profile P] [--reveal] [--json]';

/** The longest value `set` accepts, in bytes (API keys and tokens are far shorter). */
export const MAX_SECRET_BYTES = 64 * 1024;

/** What codex and a shell accept as an environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidSecretName(name: string): boolean {
  return ENV_NAME.test(name);
}

type Verb = 'set' | 'get' | 'rm' | 'ls';

/** What yargs parsed (src/commands/secret.ts): the verb, NAME, words after it, --profile, --reveal, --json. */
export interface SecretInput {
  verb: Verb;
  name: string | null;
  extra: readonly string[];
  profile: string | null;
  reveal: boolean;
  json: boolean;
}

interface SecretArgs {
  verb: Verb;
  name: string | null;
  profile: string | null;
  reveal: boolean;
  json: boolean;
}

function usage(message: string, hint: string = USAGE): CxError {
  return new CxError(message, EXIT.usage, hint);
}

/** Checks what yargs parsed; NAME, P and extra words are never echoed unless valid names. */
function checkArgs(input: SecretInput): SecretArgs {
  const { verb, profile, reveal, json } = input;
  // Not echoed: a secret pasted in the wrong place would land in the terminal and in CI logs.
  if (profile !== null && !isValidProfileName(profile)) throw usage(`the profile name given to --profile is not valid (${profile === '' ? 'it is empty' : 'not shown'}): use letters, digits, - and _ only`);
  if (verb === 'ls') {
    if (input.name !== null || input.extra.length > 0) throw usage('cx secret ls takes no NAME (it lists them all)', 'cx secret ls [--profile P] [--json]');
    return { verb, name: null, profile, reveal, json };
  }
  const name = input.name;
  if (name === null) throw usage(`cx secret ${verb} needs the NAME of the variable`, `cx secret ${verb} NAME [--profile P]`);
  if (input.extra.length > 0) {
    if (verb === 'set') {
      throw usage(
        'cx secret set takes no value argument: a value on the command line is kept in shell history and shown by ps (the argument is not shown here)',
        `type it at the hidden prompt, or pipe it: printf %s "$VALUE" | cx secret set ${isValidSecretName(name) ? name : 'NAME'}`,
      );
    }
    throw usage(`cx secret ${verb} takes one NAME (the other arguments are not shown)`);
  }
  if (!isValidSecretName(name)) {
    // Not echoed: what was typed where NAME belongs may be the secret itself.
    throw usage(`the NAME given is not a valid variable name (not shown): use letters, digits and _, not starting with a digit`, `cx secret ${verb} NAME [--profile P], e.g. cx secret ${verb} OPENAI_API_KEY`);
  }
  return { verb, name, profile, reveal, json };
}

function where(account: string): string {
  return `service ${KEYRING_SERVICE}, account ${account}`;
}

/** The one-line refusal for a keyring that could not answer; `setup` gets keytar when it is missing. */
function keyringProblem(status: Exclude<KeyringStatus, 'ok'>, detail: string | null, setup: () => string): CxError {
  const what = { unavailable: 'is not available', 'not-installed': 'is not available', locked: 'is locked', timeout: 'did not answer in time' }[status];
  if (status === 'not-installed') return new CxError(`the keyring ${what}${detail ? ` (${detail})` : ''}`, EXIT.keyring, `to install keytar: ${setup()}`);
  const hint = {
    unavailable: 'cx secret needs the OS keyring (on Linux: a Secret Service such as gnome-keyring on the session D-Bus)',
    locked: 'unlock it (log in to the desktop session, or unlock the "login" keyring) and try again',
    timeout: `the keyring daemon may be hung; CX_KEYRING_TIMEOUT_MS sets the wait (now ${keyringTimeoutMs()} ms)`,
  }[status];
  return new CxError(`the keyring ${what}${detail ? ` (${detail})` : ''}`, EXIT.keyring, hint);
}

function scopeText(profile: string | null): string {
  return profile === null ? 'global' : `profile ${profile}`;
}

/** Bytes -> the value: UTF-8, no NUL (keyrings keep C strings), bounded, one final newline dropped. */
export function valueFromBytes(bytes: Buffer): string {
  if (bytes.length > MAX_SECRET_BYTES) throw usage(`the value is longer than ${MAX_SECRET_BYTES} bytes; nothing stored`, 'is this the right input?');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usage('the value is not UTF-8 text; nothing stored', 'keyring entries are text');
  }
  if (text.includes('\0')) throw usage('the value contains a NUL byte; nothing stored', 'keyring entries are text');
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_SECRET_BYTES + 2) {
      process.stdin.destroy();
      throw usage(`the value is longer than ${MAX_SECRET_BYTES} bytes; nothing stored`, 'is this the right input?');
    }
    chunks.push(buffer);
  }
  return valueFromBytes(Buffer.concat(chunks));
}

/** An escape sequence (arrow keys and the like) at the start of `rest`, to be skipped. */
const ESCAPE_SEQUENCE = /^\u001b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/s;

/**
 * Reads a line from the terminal without echo (raw mode; nothing is printed for what is typed).
 * Enter ends it; Backspace and Ctrl-U edit; Ctrl-C, or Ctrl-D on an empty line, abort (null).
 */
function readHidden(prompt: string): Promise<string | null> {
  const stdin = process.stdin;
  // Echo off before the prompt shows: what is typed (or pasted) as soon as it appears must not be
  // echoed by the terminal.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  return new Promise<string | null>((resolvePromise, rejectPromise) => {
    let value = '';
    let bytes = 0;
    const { StringDecoder } = process.getBuiltinModule('node:string_decoder');
    const decoder = new StringDecoder('utf8');
    const finish = (result: string | null, error?: CxError): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) rejectPromise(error);
      else resolvePromise(result);
    };
    const onEnd = (): void => finish(null);
    const onData = (chunk: Buffer): void => {
      let text = decoder.write(chunk);
      while (text.length > 0) {
        const ch = text[0] as string;
        if (ch === '\u001b') {
          const skip = ESCAPE_SEQUENCE.exec(text)?.[0].length ?? 1;
          text = text.slice(skip);
          continue;
        }
        const cp = text.codePointAt(0) ?? 0;
        const unit = String.fromCodePoint(cp);
        text = text.slice(unit.length);
        if (unit === '\r' || unit === '\n') return finish(value);
        if (unit === '\u0003') return finish(null);
        if (unit === '\u0004') {
          if (value === '') return finish(null);
          return finish(value);
        }
        if (unit === '\u007f' || unit === '\b') {
          const last = [...value].pop();
          if (last !== undefined) {
            value = value.slice(0, -last.length);
            bytes -= Buffer.byteLength(last);
          }
          continue;
        }
        if (unit === '\u0015') {
          value = '';
          bytes = 0;
          continue;
        }
        if (cp < 0x20) continue; // other control characters are not part of a secret
        bytes += Buffer.byteLength(unit);
        if (bytes > MAX_SECRET_BYTES) return finish(null, usage(`the value is longer than ${MAX_SECRET_BYTES} bytes; nothing stored`, 'is this the right input?'));
        value += unit;
      }
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

function stdinIsTerminal(): boolean {
  const { isatty } = process.getBuiltinModule('node:tty');
  return isatty(0);
}

/** The hidden prompt waits for a person; with a terminal nobody watches (CI) it is refused instead. */
function mayPrompt(name: string): boolean {
  if (!stdinIsTerminal()) return false;
  if (personPresent(process.env)) return true;
  throw usage(`no value for ${name} on stdin, and this run is in CI, where nobody answers a prompt; nothing stored`, `pipe the value in: printf %s "$VALUE" | cx secret set ${name}`);
}

async function setSecret(name: string, profile: string | null, setup: () => string): Promise<number> {
  const account = secretAccount(name, profile);
  let value: string;
  if (mayPrompt(name)) {
    const typed = await readHidden(`cx: value for ${name} (${scopeText(profile)}; input hidden): `);
    if (typed === null) {
      process.stderr.write('cx: aborted; nothing stored\n');
      return SECRET_ABORTED_STATUS;
    }
    value = typed;
  } else {
    value = await readPiped();
  }
  if (value === '') throw usage(`the value for ${name} is empty; nothing stored`, `cx secret rm ${name} removes an entry`);
  const written = await keyringWrite(account, value);
  if (written.status !== 'ok') throw keyringProblem(written.status, written.detail, setup);
  writeFileAtomic(keyringInUseMarker(stateDir(process.env)), '');
  process.stdout.write(`cx: stored ${name} (${scopeText(profile)}) in the keyring (${where(account)})\n`);
  return 0;
}

async function getSecret(name: string, profile: string | null, reveal: boolean, setup: () => string): Promise<number> {
  // The entry cx would use for this profile: its own, else the global one.
  const accounts = profile === null ? [secretAccount(name, null)] : [secretAccount(name, profile), secretAccount(name, null)];
  for (const account of accounts) {
    const read = await keyringGet(account);
    if (read.status !== 'ok') throw keyringProblem(read.status, read.detail, setup);
    if (read.value === null) continue;
    if (reveal) {
      process.stdout.write(`${read.value}\n`);
      return 0;
    }
    const scoped = account !== secretAccount(name, null);
    const note = profile !== null && !scoped ? `; no entry for profile ${profile}, so the global one applies` : '';
    process.stdout.write(`${name}: stored in the keyring, ${scoped ? `profile ${profile}` : 'global'}${note} (${where(account)}; keyring ok)\n`);
    return 0;
  }
  process.stderr.write(`cx: ${name} is not stored in the keyring (${accounts.map(where).join('; nor ')})${await meantHint(name, profile)}\n`);
  return SECRET_MISSING_STATUS;
}

async function removeSecret(name: string, profile: string | null, setup: () => string): Promise<number> {
  const account = secretAccount(name, profile);
  const removed = await keyringDelete(account);
  if (removed.status !== 'ok') throw keyringProblem(removed.status, removed.detail, setup);
  if (!removed.deleted) {
    process.stderr.write(`cx: ${name} (${scopeText(profile)}) was not stored (${where(account)}); nothing removed${await meantHint(name, profile)}\n`);
    return SECRET_MISSING_STATUS;
  }
  process.stdout.write(`cx: removed ${name} (${scopeText(profile)}) from the keyring (${where(account)})\n`);
  return 0;
}

interface Entry {
  name: string;
  profile: string | null;
}

/** ` — did you mean NAME?` for a stored name near `name` in the same scope; empty when none (or the keyring cannot list). */
async function meantHint(name: string, profile: string | null): Promise<string> {
  const listed = await keyringList();
  if (listed.status !== 'ok') return '';
  const stored = listed.accounts.map(entryOf).filter((e): e is Entry => e !== null && (e.profile === profile || e.profile === null));
  const meant = nearestName(name, stored.map((e) => e.name));
  return meant === null ? '' : ` — did you mean ${meant}?`;
}

/**
 * Before `set` asks for anything: `--profile P` must name a profile that exists (78, with the
 * nearest name). Returns the warning for a NAME no provider reads (it would never be delivered),
 * printed once the value is stored.
 */
function checkSetNames(name: string, profile: string | null): string | null {
  const codexConfig = loadCodexConfig(process.env);
  if (profile !== null) {
    const unknown = unknownProfile(profile, profileNames(codexConfig));
    if (unknown !== null) throw unknown;
  }
  return unreadSecret(name, namesProvidersRead(userTables(codexConfig)));
}

/** An account as cx's secrets name them (NAME or PROFILE/NAME); null for anything else. */
export function entryOf(account: string): Entry | null {
  const slash = account.indexOf('/');
  const profile = slash < 0 ? null : account.slice(0, slash);
  const name = slash < 0 ? account : account.slice(slash + 1);
  if (!isValidSecretName(name) || (profile !== null && !isValidProfileName(profile))) return null;
  return { name, profile };
}

async function listSecrets(profile: string | null, json: boolean, setup: () => string): Promise<number> {
  const listed = await keyringList();
  if (listed.status !== 'ok') throw keyringProblem(listed.status, listed.detail, setup);
  const entries = listed.accounts
    .map(entryOf)
    .filter((e): e is Entry => e !== null && (profile === null || e.profile === null || e.profile === profile))
    .sort((a, b) => (a.profile ?? '').localeCompare(b.profile ?? '') || a.name.localeCompare(b.name));
  if (json) {
    // Names and scopes only: never a value (the keyring is not even asked for one).
    const document = { schemaVersion: 1, service: KEYRING_SERVICE, entries: entries.map((e) => ({ name: e.name, scope: e.profile === null ? 'global' : 'profile', profile: e.profile })) };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    process.stdout.write(`cx: no secrets in the keyring (service ${KEYRING_SERVICE})${profile === null ? '' : ` for profile ${profile} or global`}\n`);
    return 0;
  }
  const width = Math.max(4, ...entries.map((e) => e.name.length));
  const lines = [`${'NAME'.padEnd(width)}  SCOPE`, ...entries.map((e) => `${e.name.padEnd(width)}  ${scopeText(e.profile)}`)];
  process.stdout.write(`${lines.map(printableLine).join('\n')}\n`);
  return 0;
}

/**
 * Runs `cx secret VERB …` as yargs parsed it; returns the exit status (user errors are thrown as
 * CxError). `selfPaths` (this cx's real paths) locate its install directory for the keytar setup command.
 */
export async function runSecret(input: SecretInput, selfPaths: ReadonlySet<string> = new Set()): Promise<number> {
  const { verb, name, profile, reveal, json } = checkArgs(input);
  const setup = (): string => keytarSetupHere(selfPaths);
  switch (verb) {
    case 'set': {
      const unread = checkSetNames(name as string, profile);
      const status = await setSecret(name as string, profile, setup);
      if (status === 0 && unread !== null) process.stderr.write(`cx: warning: ${unread}\n`);
      return status;
    }
    case 'get':
      return getSecret(name as string, profile, reveal, setup);
    case 'rm':
      return removeSecret(name as string, profile, setup);
    case 'ls':
      return listSecrets(profile, json, setup);
  }
}
