// AWS credentials and region for Amazon Bedrock (product.md "Credentials", "Speed"; codex-facts.md
// "Amazon Bedrock"). The AWS SDK's credential providers do the work — named profiles, IAM Identity
// Center (SSO, `sso_session` and legacy forms), role chaining, web identity, credential_process —
// but are loaded only when needed: temporary credentials are cached (in the keyring, through the
// injected cache, never a plain file) until five minutes before they expire, and a cache hit
// imports no SDK and makes no request. Nothing the SDK prints reaches cx's stderr.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { printableLine } from '../cli/printable.ts';
import { readBoundedFile, readTextFile } from '../config/read-text-file.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { KeyringRead } from './keyring-api.ts';
import { withoutValues } from '../cli/without-values.ts';
import { runTiedChild } from './tied-child.ts';
import { parseSsoToken, readSsoCache, ssoTokenLive } from './sso-token.ts';
import type { CredentialOrigin } from './credential-origin.ts';

/** Where resolved credentials are kept between runs (the keyring; in tests, memory). */
export interface CredentialCache {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
}

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type AwsSource = 'env' | 'cache' | 'profile' | 'sso' | 'role' | 'web-identity' | 'process';

export type AwsResolution =
  | {
      ok: true;
      credentials: AwsCredentials;
      source: AwsSource;
      /** For `cache`: where the cached credentials originally came from. */
      cachedSource?: Exclude<AwsSource, 'cache' | 'env'>;
      /** Where they really come from (the profile's SSO session, role, program…), for explain and doctor. */
      origin: CredentialOrigin;
      region: string | null;
      regionFrom: string | null;
    }
  | {
      ok: false;
      reason: 'no-credentials' | 'sso-expired' | 'error';
      /** One line, never a secret. */
      message: string;
      /** The command that fixes it, when there is one (`aws sso login --profile P`). */
      fix: string | null;
      /** For an expired SSO session: the session and when its token expired. */
      origin: CredentialOrigin | null;
      region: string | null;
      regionFrom: string | null;
    };

/** The part of @aws-sdk/credential-providers cx uses (injectable so tests can see whether it was loaded). */
export type AwsProviderModule = Pick<typeof import('@aws-sdk/credential-providers'), 'fromIni' | 'fromNodeProviderChain'>;

export interface ResolveAwsOptions {
  /** The profile named by config (`aws.profile`) or AWS_PROFILE; null: AWS_PROFILE in `env`, else `default`. */
  profile: string | null;
  /** The region named by config (`aws.region`); null: looked for in `env`, then the profile. */
  region: string | null;
  env: Readonly<Record<string, string | undefined>>;
  /** codex resolves the profile itself (`aws.profile` in its config): cx's cache counts only while what codex will use is live. */
  codexResolves?: boolean;
  /** A person is there (cli/person-present.ts: terminals, not CI): an expired SSO session is renewed by running `aws sso login` for the user. */
  interactive: boolean;
  cache: CredentialCache;
  now?: () => Date;
  /** Runs `aws sso login --profile P` with the terminal; resolves to its exit status. */
  runSsoLogin?: (profile: string) => Promise<number>;
  /** Loads the AWS SDK's credential providers (default: a dynamic import). */
  importSdk?: () => Promise<AwsProviderModule>;
  /** Prints one line for the user (default: `cx: …` on stderr). Used only before running `aws sso login`. */
  notice?: (line: string) => void;
}

/** Cached credentials are used until this long before they expire (the SDK refreshes at the same margin). */
export const CACHE_MARGIN_MS = 5 * 60 * 1000;
const MAX_FILE_BYTES = 1024 * 1024;
const CACHE_VERSION = 1;

/** The keyring account for a profile's cached credentials. */
export function awsCacheAccount(profile: string): string {
  // `:` is in no secret name or profile name, so this never looks like a `cx secret` entry.
  return `aws:${profile}`;
}

/** The variables that give codex these credentials (values: secrets; never print them). */
export function awsCredentialEnv(credentials: AwsCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
}

/** A CredentialCache over the keyring layer (keyring-api.ts); an absent or locked keyring is a miss. */
export function keyringCredentialCache(keyring: {
  get(account: string): Promise<KeyringRead>;
  set(account: string, value: string): Promise<unknown>;
}): CredentialCache {
  return {
    get: async (account) => (await keyring.get(account)).value,
    set: async (account, value) => {
      await keyring.set(account, value);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The shared config and credentials files, read cheaply (no SDK): for the region, for which
// profile `aws sso login` must be run with, and for whether the profile configures credentials.

type IniSections = Map<string, Map<string, string>>;

/** INI as the AWS SDK and CLI read it: `#`/`;` comments, `key = value`, indented sub-sections skipped. */
export function parseAwsIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | null = null;
  let inSubSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = (raw.split(/(?:^|\s)[;#]/)[0] ?? '').trim();
    if (line === '') continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      inSubSection = false;
      continue;
    }
    if (current === null) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const indented = raw.trimStart() !== raw;
    if (value === '') {
      inSubSection = true;
      continue;
    }
    if (inSubSection && indented) continue;
    inSubSection = false;
    current.set(key, value);
  }
  return sections;
}

export interface AwsFiles {
  configPath: string;
  /** Raw text of the config file (for the cache fingerprint), null when absent or unreadable. */
  configText: string | null;
  config: IniSections;
  credentials: IniSections;
  /** A file that is there but cannot be read as a file (a FIFO, a directory, a device, a loop…). */
  unreadable?: { config: AwsFileProblem | null; credentials: AwsFileProblem | null };
  /** The first line of each file that holds a NUL byte (no value can carry one to codex). */
  nulBytes?: AwsFileProblem[];
}

interface AwsFileProblem {
  path: string;
  reason: string;
}

function expandHome(path: string, home: string): string {
  return path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

function homeOf(env: Readonly<Record<string, string | undefined>>): string {
  return env['HOME'] || env['USERPROFILE'] || homedir();
}

/** The shared config and credentials files as the SDK will read them (also what `cx doctor` reads). */
export function readAwsFiles(env: Readonly<Record<string, string | undefined>>): AwsFiles {
  const home = homeOf(env);
  const configPath = expandHome(env['AWS_CONFIG_FILE'] || join(home, '.aws', 'config'), home);
  const credentialsPath = expandHome(env['AWS_SHARED_CREDENTIALS_FILE'] || join(home, '.aws', 'credentials'), home);
  // Decoded as the SDK decodes them (readFile 'utf8'), so cx sees the profiles the SDK will see.
  const config = readTextFile(configPath, MAX_FILE_BYTES, { lenient: true });
  const credentials = readTextFile(credentialsPath, MAX_FILE_BYTES, { lenient: true });
  const problem = (path: string, read: typeof config): AwsFileProblem | null => (read.ok || read.missing ? null : { path, reason: read.reason });
  const nul = (path: string, read: typeof config): AwsFileProblem[] => {
    const at = read.ok ? nulByteLine(read.text) : null;
    return at === null ? [] : [{ path: `${path}:${at.line}`, reason: at.key === null ? 'holds a NUL byte' : `holds a NUL byte in the value of ${at.key}` }];
  };
  return {
    configPath,
    configText: config.ok ? config.text : null,
    config: config.ok ? parseAwsIni(config.text) : new Map(),
    credentials: credentials.ok ? parseAwsIni(credentials.text) : new Map(),
    unreadable: { config: problem(configPath, config), credentials: problem(credentialsPath, credentials) },
    nulBytes: [...nul(configPath, config), ...nul(credentialsPath, credentials)],
  };
}

/**
 * The first line holding a NUL byte outside a comment (where the SDK would take it into a value),
 * with its key when the line is `key = …` (a key is no secret; the value is).
 */
function nulByteLine(text: string): { line: number; key: string | null } | null {
  if (!text.includes('\0')) return null;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const content = raw.split(/(?:^|\s)[;#]/)[0] ?? '';
    if (content.includes('\0')) return { line: index + 1, key: /^\s*([A-Za-z0-9_.-]+)\s*=/.exec(content)?.[1] ?? null };
  }
  return null;
}

/**
 * Refuses when a file the AWS SDK is about to read is there but is not a file it can read: the SDK
 * blocks forever on a FIFO, reads a device without end, and silently skips a directory, so cx
 * would hang, or report a profile as missing from a file it never saw.
 */
function requireReadable(files: AwsFiles, which: readonly ('config' | 'credentials')[]): void {
  for (const name of which) {
    const problem = files.unreadable?.[name];
    if (problem) {
      const what = name === 'config' ? 'the AWS config file' : 'the AWS shared credentials file';
      throw new CxError(`${problem.path}: ${what} ${problem.reason}`, EXIT.config, 'make it a readable file, remove it, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere');
    }
  }
  // A NUL byte cannot reach codex's environment (execve refuses it), and Node's refusal quotes
  // the value: the file is refused here, by line, before any value is taken from it.
  const [nul] = files.nulBytes ?? [];
  if (nul) throw new CxError(`${nul.path}: ${nul.reason}`, EXIT.config, 'remove the NUL byte (retype the value)');
}

/** The same for another file the SDK would read for this profile (an SSO token cache, a web identity token); its bytes, if any. */
function requireReadableFile(path: string, what: string): Buffer | null {
  const read = readBoundedFile(path, MAX_FILE_BYTES);
  if (!read.ok && !read.missing) throw new CxError(`${path}: ${what} ${read.reason}`, EXIT.config, 'remove it (for an SSO token cache, `aws sso login` writes a new one)');
  return read.ok ? read.bytes : null;
}

/** Valid JSON that is not an object (`null`, a list): the SDK fails on it with a JavaScript TypeError, not its own message. */
function isJsonButNotObject(bytes: Buffer): boolean {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return false; // the SDK reports malformed JSON as a session to renew
  }
  return typeof value !== 'object' || value === null || Array.isArray(value);
}

/** The SHA-1 the SDK names an SSO token cache file by (node:crypto only here, on the SDK path). */
function sha1(text: string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha1').update(text).digest('hex');
}

/** Where the SDK keeps the SSO token for `id` (the sso-session name, or a legacy profile's start URL). */
export function ssoTokenCachePath(env: Readonly<Record<string, string | undefined>>, id: string): string {
  return join(homeOf(env), '.aws', 'sso', 'cache', `${sha1(id)}.json`);
}

/**
 * Files besides config and credentials the SDK reads for this profile, checked before it runs;
 * returns the SSO token cache when it holds JSON the SDK cannot use at all (a session to renew).
 */
function checkProfileFiles(files: AwsFiles, profile: string, env: Readonly<Record<string, string | undefined>>): string | null {
  const sso = ssoTokenOf(files, profile, env);
  let unusableToken: string | null = null;
  if (sso !== null) {
    const bytes = requireReadableFile(sso.path, `the AWS SSO token cache for ${sso.session !== null ? `sso-session ${sso.session}` : 'this start URL'}`);
    if (bytes !== null && isJsonButNotObject(bytes)) unusableToken = sso.path;
  }
  const token = profileValues(files, profile).get('web_identity_token_file') ?? env['AWS_WEB_IDENTITY_TOKEN_FILE'];
  if (token) requireReadableFile(expandHome(token, homeOf(env)), 'the web identity token file');
  return unusableToken;
}

/** The SSO token an SDK uses for `profile` (through its source_profile chain): its sso-session (null: a legacy start URL) and cache file. */
export function ssoTokenOf(files: AwsFiles, profile: string, env: Readonly<Record<string, string | undefined>>): { session: string | null; path: string } | null {
  const sso = profileValues(files, ssoLoginProfile(files, profile));
  const session = sso.get('sso_session') ?? null;
  const id = session ?? sso.get('sso_start_url');
  return id === undefined ? null : { session, path: ssoTokenCachePath(env, id) };
}

/**
 * Whether cx's cached credentials may stand for what codex will find. With `aws.profile` in its
 * config codex resolves the profile itself: for an SSO profile what it uses is the SSO token, so a
 * cache entry counts only while that token is live (else the SDK is asked, which refreshes the
 * token or reports the session expired, as codex's own SDK would).
 */
function cacheStandsForCodex(files: AwsFiles, profile: string, env: Readonly<Record<string, string | undefined>>, now: Date): boolean {
  const sso = ssoTokenOf(files, profile, env);
  if (sso === null) return true;
  const read = readSsoCache(sso.path);
  return read.kind === 'text' && ssoTokenLive(parseSsoToken(read.text, sso.session), now);
}

/** A profile's settings in the config file: `[profile P]`, and for `default` also `[default]` (overridden by `[profile default]`, as the SDK does). */
function configProfile(files: Pick<AwsFiles, 'config'>, profile: string): { section: string; values: Map<string, string> } | null {
  const named = files.config.get(`profile ${profile}`);
  if (profile !== 'default') return named ? { section: `[profile ${profile}]`, values: named } : null;
  const plain = files.config.get('default');
  if (!plain && !named) return null;
  return { section: named ? '[profile default]' : '[default]', values: new Map([...(plain ?? []), ...(named ?? [])]) };
}

/** A profile's settings from both files (credentials over config), or null when neither file has it. */
export function awsProfile(files: Pick<AwsFiles, 'config' | 'credentials'>, profile: string): Map<string, string> | null {
  const config = configProfile(files, profile);
  const credentials = files.credentials.get(profile);
  if (config === null && credentials === undefined) return null;
  return new Map([...(config?.values ?? []), ...(credentials ?? [])]);
}

function profileValues(files: AwsFiles, profile: string): Map<string, string> {
  return awsProfile(files, profile) ?? new Map();
}

const CREDENTIAL_KEYS = [
  'aws_access_key_id',
  'role_arn',
  'credential_source',
  'web_identity_token_file',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_account_id',
  'sso_role_name',
  'login_session',
];

function configuresCredentials(values: ReadonlyMap<string, string>): boolean {
  return CREDENTIAL_KEYS.some((key) => values.has(key));
}

export function isSsoProfile(values: ReadonlyMap<string, string>): boolean {
  return values.has('sso_session') || values.has('sso_start_url') || values.has('sso_account_id') || values.has('sso_role_name');
}

/** The profile `aws sso login` needs: the profile itself, or the SSO profile its `source_profile` chain ends in. */
function ssoLoginProfile(files: AwsFiles, profile: string): string {
  let current = profile;
  const seen = new Set<string>();
  while (!seen.has(current)) {
    seen.add(current);
    const values = profileValues(files, current);
    if (isSsoProfile(values)) return current;
    const next = values.get('source_profile');
    if (next === undefined) break;
    current = next;
  }
  return profile;
}

export interface AwsRegion {
  region: string | null;
  regionFrom: string | null;
}

/** The region: explicit (config `aws.region`), AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region` in the AWS config file. */
export function resolveAwsRegion(explicit: string | null, profile: string, env: Readonly<Record<string, string | undefined>>, files?: AwsFiles): AwsRegion {
  if (explicit) return { region: explicit, regionFrom: 'aws.region' };
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name];
    if (value) return { region: value, regionFrom: name };
  }
  const read = files ?? readAwsFiles(env);
  requireReadable(read, ['config']);
  const found = configProfile(read, profile);
  const region = found?.values.get('region');
  if (found && region) return { region, regionFrom: `${read.configPath} ${found.section}` };
  return { region: null, regionFrom: null };
}

// ---------------------------------------------------------------------------------------------
// The cache.

interface CacheEntry {
  v: number;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration: string;
  source: Exclude<AwsSource, 'cache' | 'env'>;
  /** A hash of the AWS config file when the credentials were resolved: an edited config invalidates them. */
  config: string;
}

const CACHEABLE_SOURCES: ReadonlySet<string> = new Set(['profile', 'sso', 'role', 'web-identity', 'process']);

/**
 * A 64-bit hash of the AWS config file (cyrb53-style), to notice edits; not a security measure.
 * Plain arithmetic rather than node:crypto, whose loading alone costs a cache hit ~9 ms.
 */
function fingerprint(text: string | null): string {
  if (text === null) return '';
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length.toString(16)}-${(h2 >>> 0).toString(16).padStart(8, '0')}${(h1 >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * What cached credentials depend on besides the profile's name: the AWS config file, and a web
 * identity the environment names (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE), so one role's keys are
 * never handed out for another's.
 */
function cacheBasis(configText: string | null, env: Readonly<Record<string, string | undefined>>): string | null {
  const role = env['AWS_ROLE_ARN'] ?? '';
  const tokenFile = env['AWS_WEB_IDENTITY_TOKEN_FILE'] ?? '';
  return role === '' && tokenFile === '' ? configText : `${configText ?? ''}\0${role}\0${tokenFile}`;
}

function parseCacheEntry(text: string): CacheEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Partial<Record<keyof CacheEntry, unknown>>;
  if (entry.v !== CACHE_VERSION) return null;
  if (typeof entry.accessKeyId !== 'string' || typeof entry.secretAccessKey !== 'string' || typeof entry.expiration !== 'string') return null;
  if (entry.sessionToken !== undefined && typeof entry.sessionToken !== 'string') return null;
  if (typeof entry.source !== 'string' || !CACHEABLE_SOURCES.has(entry.source)) return null;
  if (typeof entry.config !== 'string') return null;
  return entry as CacheEntry;
}

async function readCache(cache: CredentialCache, account: string, config: string, now: Date): Promise<CacheEntry | null> {
  let text: string | null;
  try {
    text = await cache.get(account);
  } catch {
    return null;
  }
  if (text === null) return null;
  const entry = parseCacheEntry(text);
  if (entry === null || entry.config !== config) return null;
  const expires = Date.parse(entry.expiration);
  if (Number.isNaN(expires) || expires - CACHE_MARGIN_MS <= now.getTime()) return null;
  return entry;
}

async function writeCache(cache: CredentialCache, account: string, entry: CacheEntry): Promise<void> {
  try {
    await cache.set(account, JSON.stringify(entry));
  } catch {
    // Best effort: the next run fetches again.
  }
}

// ---------------------------------------------------------------------------------------------
// The SDK, kept quiet and pointed at the given environment.

const SILENT_LOGGER = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Names the SDK reads from process.env: its own AWS_* settings and where home is. */
const HOME_NAMES = ['HOME', 'USERPROFILE', 'HOMEPATH', 'HOMEDRIVE', 'PATH'];

/**
 * Runs `work` with process.env showing `env`'s AWS_* variables (and home, PATH), with the SDK's
 * Node-version warning disabled and console/process warnings muted, then puts everything back.
 * The SDK reads process.env directly and prints with console.warn (the default STS region, a
 * profile alongside static keys in the environment) and process.emitWarning (Node < 22).
 */
function inSdkScope<T>(env: Readonly<Record<string, string | undefined>>, work: () => Promise<T>): Promise<T> {
  // One scope at a time: two overlapping ones would each restore the other's overlay.
  const run = sdkScopes.then(() => sdkScope(env, work));
  sdkScopes = run.catch(() => undefined);
  return run;
}

let sdkScopes: Promise<unknown> = Promise.resolve();

async function sdkScope<T>(env: Readonly<Record<string, string | undefined>>, work: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  const put = (name: string, value: string | undefined): void => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') && env[name] === undefined) put(name, undefined);
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (name.startsWith('AWS_') || HOME_NAMES.includes(name))) put(name, value);
  }
  put('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  const consoleSaved = { warn: console.warn, error: console.error, log: console.log, info: console.info, debug: console.debug };
  const emitWarning = process.emitWarning;
  const mute = (): void => {};
  console.warn = console.error = console.log = console.info = console.debug = mute;
  process.emitWarning = mute as typeof process.emitWarning;
  try {
    return await work();
  } finally {
    Object.assign(console, consoleSaved);
    process.emitWarning = emitWarning;
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The SDK's record of how credentials were obtained (`$source`), as cx reports it. */
function sourceOf(credentials: object): Exclude<AwsSource, 'cache'> {
  const features = '$source' in credentials && typeof credentials.$source === 'object' && credentials.$source !== null ? Object.keys(credentials.$source) : [];
  const has = (...names: string[]): boolean => names.some((name) => features.includes(name));
  if (has('CREDENTIALS_STS_ASSUME_ROLE', 'CREDENTIALS_IMDS', 'CREDENTIALS_HTTP')) return 'role';
  if (has('CREDENTIALS_STS_ASSUME_ROLE_WEB_ID', 'CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN', 'CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN')) return 'web-identity';
  if (has('CREDENTIALS_SSO', 'CREDENTIALS_SSO_LEGACY', 'CREDENTIALS_PROFILE_SSO', 'CREDENTIALS_PROFILE_SSO_LEGACY')) return 'sso';
  if (has('CREDENTIALS_PROCESS', 'CREDENTIALS_PROFILE_PROCESS')) return 'process';
  if (has('CREDENTIALS_ENV_VARS')) return 'env';
  return 'profile';
}

function firstLine(text: string): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

type Failure = Extract<AwsResolution, { ok: false }>;
type Fetched = { ok: true; credentials: AwsCredentials; source: Exclude<AwsSource, 'cache'> } | { ok: false; reason: Failure['reason']; message: string; ssoExpired: boolean };

function classify(error: unknown, profile: string, files: AwsFiles): Fetched {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  // Expired, missing or revoked SSO session: the token providers say to run `aws sso login`; the
  // portal answers UnauthorizedException for a token it no longer accepts, which the SSO provider
  // wraps as a CredentialsProviderError "UnauthorizedException: Session token not found or invalid".
  if (/aws sso login/.test(message) || name === 'UnauthorizedException' || /^UnauthorizedException\b/.test(message)) {
    return { ok: false, reason: 'sso-expired', message: `the AWS SSO session for profile ${profile} has expired or was never started`, ssoExpired: true };
  }
  if (/Could not load credentials from any providers/.test(message)) {
    return { ok: false, reason: 'no-credentials', message: `no AWS credentials found for profile ${profile} (environment, shared files, SSO, web identity, container or instance role)`, ssoExpired: false };
  }
  if (/Could not resolve credentials using profile|was not found|could not be found/.test(message)) {
    return { ok: false, reason: 'no-credentials', message: `AWS profile ${profile}: ${firstLine(withoutValues(message))}`, ssoExpired: false };
  }
  // The SDK's message for a failing credential_process is the whole command line, arguments
  // (tokens) included, and what the program printed: only the program is named.
  const process = credentialProcessOf(files, profile);
  if (process !== null && /credential_process|Command failed|ENOENT|EACCES|spawn/i.test(message)) {
    return { ok: false, reason: 'error', message: `AWS profile ${profile}: its credential_process (${process.program}, ${process.at}) failed`, ssoExpired: false };
  }
  return { ok: false, reason: 'error', message: `AWS profile ${profile}: ${firstLine(withoutValues(message))}`, ssoExpired: false };
}

async function fetchWithSdk(profile: string, useProfileFiles: boolean, options: ResolveAwsOptions, files: AwsFiles): Promise<Fetched> {
  const load = options.importSdk ?? (() => import('@aws-sdk/credential-providers'));
  return inSdkScope(options.env, async () => {
    try {
      const sdk = await load();
      const init = { profile, ignoreCache: true, logger: SILENT_LOGGER };
      // A profile that configures credentials goes straight to the INI provider, so its own error
      // (a failing credential_process, a bad role) is what cx reports, and no instance-metadata
      // probe follows; anything else takes the whole default chain (web identity from the
      // environment, container and instance roles).
      const provider = useProfileFiles ? sdk.fromIni(init) : sdk.fromNodeProviderChain(init);
      const got = await provider();
      const credentials: AwsCredentials = { accessKeyId: got.accessKeyId, secretAccessKey: got.secretAccessKey };
      if (got.sessionToken) credentials.sessionToken = got.sessionToken;
      if (got.expiration) credentials.expiration = new Date(got.expiration.getTime());
      return { ok: true, credentials, source: sourceOf(got) };
    } catch (error) {
      return classify(error, profile, files);
    }
  });
}

/**
 * Runs `aws sso login --profile P` on the user's terminal (its stdout goes to cx's stderr). No
 * timeout: it waits for a browser. It is tied to cx (tied-child.ts): Ctrl-C, SIGTERM or SIGHUP ends
 * it, and whatever it started, before cx ends by the same signal.
 */
export function defaultSsoLogin(env: Readonly<Record<string, string | undefined>>): (profile: string) => Promise<number> {
  return async (profile) => {
    const childEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
    return runTiedChild('aws', ['sso', 'login', '--profile', profile], childEnv);
  };
}

/** Which credential field holds a NUL byte, if any (the field's name only). */
function fieldWithNulByte(credentials: AwsCredentials): string | null {
  const fields: [string, string | undefined][] = [['AccessKeyId', credentials.accessKeyId], ['SecretAccessKey', credentials.secretAccessKey], ['SessionToken', credentials.sessionToken]];
  return fields.find(([, value]) => value?.includes('\0'))?.[0] ?? null;
}

/**
 * The credential_process of `profile` (or of the profile its source_profile chain reaches): where
 * it is set (FILE:LINE) and its program, the first word of the command line. Only the program is
 * ever shown: its arguments may carry tokens.
 */
function credentialProcessOf(files: AwsFiles, profile: string): { at: string; program: string } | null {
  let current = profile;
  const seen = new Set<string>();
  while (!seen.has(current)) {
    seen.add(current);
    const command = profileValues(files, current).get('credential_process');
    if (command !== undefined) {
      const section = configProfile(files, current)?.section ?? null;
      const line = section === null || files.configText === null ? null : keyLine(files.configText, section, 'credential_process');
      return { at: line === null ? files.configPath : `${files.configPath}:${line}`, program: programOf(command) };
    }
    const next = profileValues(files, current).get('source_profile');
    if (next === undefined) break;
    current = next;
  }
  return null;
}

/** The program of a command line: its first word, unquoted. */
export function programOf(command: string): string {
  const trimmed = command.trim();
  const quoted = /^(["'])(.*?)\1/.exec(trimmed);
  return quoted?.[2] ?? trimmed.split(/\s+/)[0] ?? '';
}

/** The line (1-based) of `key = …` in `section` (`[profile NAME]`, brackets included) of an AWS INI text. */
function keyLine(text: string, section: string, key: string): number | null {
  let inSection = false;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line.startsWith('[') && line.endsWith(']')) inSection = `[${line.slice(1, -1).trim().replace(/\s+/g, ' ')}]` === section;
    else if (inSection && new RegExp(`^${key}\\s*=`).test(line)) return index + 1;
  }
  return null;
}

function envCredentials(env: Readonly<Record<string, string | undefined>>): AwsCredentials | null {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return null;
  const credentials: AwsCredentials = { accessKeyId, secretAccessKey };
  const sessionToken = env['AWS_SESSION_TOKEN'];
  if (sessionToken) credentials.sessionToken = sessionToken;
  const expiration = env['AWS_CREDENTIAL_EXPIRATION'] ? new Date(env['AWS_CREDENTIAL_EXPIRATION']) : null;
  if (expiration && !Number.isNaN(expiration.getTime())) credentials.expiration = expiration;
  return credentials;
}

/**
 * Finds AWS credentials and a region for `profile`. In order: static keys in the environment (only
 * when no profile is named, as the SDK does), the cache, then the SDK (profile files, SSO, roles,
 * web identity, credential_process, container and instance roles). An expired SSO session is
 * renewed with `aws sso login` when interactive, and reported with that command otherwise.
 */
export async function resolveAwsCredentials(options: ResolveAwsOptions): Promise<AwsResolution> {
  const env = options.env;
  const now = options.now ?? (() => new Date());
  const named = options.profile || env['AWS_PROFILE'] || null;
  const profile = named ?? 'default';
  const files = readAwsFiles(env);
  const { region, regionFrom } = resolveAwsRegion(options.region || null, profile, env, files);
  const fail = (reason: Failure['reason'], message: string, fix: string | null): Failure => ({ ok: false, reason, message, fix, origin: reason === 'sso-expired' ? awsOriginOf(files, named, 'sso', env, now()) : null, region, regionFrom });

  if (named === null) {
    const fromEnv = envCredentials(env);
    if (fromEnv) return { ok: true, credentials: fromEnv, source: 'env', origin: { kind: 'aws-environment' }, region, regionFrom };
  }

  const account = awsCacheAccount(profile);
  const config = fingerprint(cacheBasis(files.configText, env));
  const cached = options.codexResolves && !cacheStandsForCodex(files, profile, env, now()) ? null : await readCache(options.cache, account, config, now());
  if (cached) {
    const credentials: AwsCredentials = { accessKeyId: cached.accessKeyId, secretAccessKey: cached.secretAccessKey, expiration: new Date(cached.expiration) };
    if (cached.sessionToken !== undefined) credentials.sessionToken = cached.sessionToken;
    return { ok: true, credentials, source: 'cache', cachedSource: cached.source, origin: awsOriginOf(files, named, cached.source, env, now()), region, regionFrom };
  }

  // From here on the SDK reads the shared files (and, for the profile, maybe more).
  requireReadable(files, ['config', 'credentials']);
  const unusableToken = checkProfileFiles(files, profile, env);
  const values = profileValues(files, profile);
  const useProfileFiles = configuresCredentials(values);
  if (named !== null && !useProfileFiles && configProfile(files, profile) === null && !files.credentials.has(profile)) {
    return fail('no-credentials', `AWS profile ${profile} is not in ${files.configPath} or the shared credentials file`, null);
  }

  const loginProfile = ssoLoginProfile(files, profile);
  const fix = `aws sso login --profile ${loginProfile}`;
  let fetched: Fetched = unusableToken
    ? { ok: false, reason: 'sso-expired', message: `the AWS SSO session for profile ${profile} cannot be used (${unusableToken} does not hold a token)`, ssoExpired: true }
    : await fetchWithSdk(profile, useProfileFiles, options, files);
  if (!fetched.ok && fetched.ssoExpired) {
    if (!options.interactive) return fail('sso-expired', fetched.message, fix);
    const notice = options.notice ?? ((line: string) => void process.stderr.write(`cx: ${printableLine(line)}\n`));
    notice(`${fetched.message}; running: ${fix}`);
    const login = options.runSsoLogin ?? defaultSsoLogin(env);
    const status = await login(loginProfile);
    if (status !== 0) {
      const what = status === 127 ? 'the aws command was not found' : `${fix} exited with status ${status}`;
      return fail('sso-expired', `${fetched.message}, and ${what}`, fix);
    }
    fetched = await fetchWithSdk(profile, useProfileFiles, options, files);
    if (!fetched.ok && fetched.ssoExpired) return fail('sso-expired', `${fetched.message}, even after ${fix}`, fix);
  }
  if (!fetched.ok) return fail(fetched.reason, fetched.message, fetched.ssoExpired ? fix : null);

  const { credentials, source } = fetched;
  const field = fieldWithNulByte(credentials);
  if (field !== null) {
    const process = source === 'process' ? credentialProcessOf(files, profile) : null;
    if (process) throw new CxError(`${process.at}: the output of credential_process (${process.program}) holds a NUL byte in ${field}`, EXIT.config, 'fix the program: no credential can carry a NUL byte to codex');
    return fail('error', `the AWS credentials for profile ${profile} (from ${source}) hold a NUL byte in ${field}, which no program can be given`, null);
  }
  if (credentials.expiration && source !== 'env' && credentials.expiration.getTime() - CACHE_MARGIN_MS > now().getTime()) {
    const entry: CacheEntry = {
      v: CACHE_VERSION,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      expiration: credentials.expiration.toISOString(),
      source,
      config,
    };
    await writeCache(options.cache, account, entry);
  }
  return { ok: true, credentials, source, origin: awsOriginOf(files, named, source, env, now()), region, regionFrom };
}

/**
 * Where credentials the SDK found (`source`, its own record) really come from, read from the
 * profile's settings: its SSO session and when the token expires, its role and source_profile, its
 * credential_process program (never the arguments), its web identity role and token file.
 */
export function awsOriginOf(files: AwsFiles, named: string | null, source: Exclude<AwsSource, 'cache'>, env: Readonly<Record<string, string | undefined>>, now: Date): CredentialOrigin {
  const profile = named ?? 'default';
  const values = profileValues(files, profile);
  switch (source) {
    case 'env':
      return { kind: 'aws-environment' };
    case 'sso': {
      const sso = ssoTokenOf(files, profile, env);
      const read = sso === null ? null : readSsoCache(sso.path);
      const token = read?.kind === 'text' ? parseSsoToken(read.text, sso?.session ?? null) : null;
      const expires = token?.usable ? token.expiresAt : null;
      return { kind: 'aws-sso', awsProfile: profile, session: sso?.session ?? null, tokenExpires: expires?.toISOString() ?? null, tokenExpired: expires !== null && expires.getTime() <= now.getTime() };
    }
    case 'web-identity': {
      const fromProfile = values.get('web_identity_token_file') !== undefined;
      return {
        kind: 'aws-web-identity',
        awsProfile: fromProfile ? profile : named,
        roleArn: (fromProfile ? values.get('role_arn') : env['AWS_ROLE_ARN']) ?? null,
        tokenFile: (fromProfile ? values.get('web_identity_token_file') : env['AWS_WEB_IDENTITY_TOKEN_FILE']) ?? null,
      };
    }
    case 'process': {
      const process = credentialProcessOf(files, profile);
      return { kind: 'aws-credential-process', awsProfile: profile, program: process?.program ?? '?' };
    }
    case 'role': {
      const roleArn = values.get('role_arn');
      if (roleArn === undefined) return { kind: 'aws-container-or-instance' };
      return { kind: 'aws-role', awsProfile: profile, roleArn, sourceProfile: values.get('source_profile') ?? null, credentialSource: values.get('credential_source') ?? null };
    }
    case 'profile':
      return { kind: 'aws-shared-files', awsProfile: profile };
  }
}
