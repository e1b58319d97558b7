// The secrets sweep (product.md "Credentials": secret values are never printed, logged or written
// to disk by cx). A distinct random sentinel is planted in every place cx takes a secret from — the
// process environment (a custom provider's env_key, OPENAI_API_KEY), $CODEX_HOME/.env, the keyring
// (global and profile-scoped entries, through `cx secret set`), AWS static keys in a shared
// credentials file, an SSO access token in the SSO cache, and the role credentials an AWS stand-in
// issues — and in the broken lines of malformed config files. Then every cx command and error path
// runs through the built cx with a fake codex that records only variable NAMES. The sweep fails if
// any sentinel appears in stdout or stderr of any run, or in any file under the temp HOME (which
// holds CODEX_HOME, XDG_CONFIG_HOME, XDG_STATE_HOME and TMPDIR) that cx created or changed.
// Only `cx secret get --reveal` may print its own secret: it must (the positive control).
//
// The keyring is a private gnome-keyring on a private D-Bus (test/setup/with-keyring.sh, nested)
// for this file alone; without a harness bus (not under with-keyring.sh, as npm test runs it) the
// file is skipped.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { tomlString } from '../helpers/codex-home.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, mapLimit, writeScript } from '../helpers/fake-codex.ts';
import { type PrivateKeyring, startPrivateKeyring } from '../helpers/private-keyring.ts';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const SKIP = BUS ? '' : ' (SKIPPED: not under test/setup/with-keyring.sh, as npm test runs it)';
if (!BUS) console.warn(`no-leaks.test.ts: skipped${SKIP}`);

const RUN_TIMEOUT = 15_000;
const TAG = randomBytes(3).toString('hex').toUpperCase();

function sentinel(what: string): string {
  return `cxleak-${what}-${randomBytes(12).toString('hex')}`;
}

/** Every planted secret, by where it was planted. */
const S = {
  env: sentinel('env'),
  openai: sentinel('openai'),
  dotenv: sentinel('dotenv'),
  keyringGlobal: sentinel('keyring-global'),
  keyringProfile: sentinel('keyring-profile'),
  bearer: sentinel('bedrock-bearer'),
  awsStatic: sentinel('aws-static'),
  ssoToken: sentinel('sso-access-token'),
  ssoExpiredToken: sentinel('sso-expired-token'),
  brokenConfig: sentinel('broken-config'),
  brokenCxrc: sentinel('broken-cxrc'),
  brokenCxConfig: sentinel('broken-cx-config'),
  setLater: sentinel('set-later'),
};

/** The variables the providers read (env_key), distinct for this run. */
const N = {
  env: `CXL_${TAG}_ENV_KEY`,
  dotenv: `CXL_${TAG}_DOTENV_KEY`,
  keyringGlobal: `CXL_${TAG}_KR_KEY`,
  keyringProfile: `CXL_${TAG}_KRP_KEY`,
  setLater: `CXL_${TAG}_LATER_KEY`,
};

// ---------------------------------------------------------------------------------------------
// The world: a temp HOME holding everything cx may write to, and the secrets planted in it.

interface World {
  home: string;
  codexHome: string;
  /** A CODEX_HOME whose config.toml is malformed (a sentinel on the broken line); same .env. */
  brokenCodexHome: string;
  /** A directory with no .cxrc, one with a .cxrc selecting `kr`, one with a malformed .cxrc. */
  plain: string;
  repo: string;
  brokenRepo: string;
  brokenCxConfig: string;
  /** The fake codex and its record directory (outside HOME: not part of the sweep). */
  fake: string;
  failingFake: string;
  fakeOut: string;
  env: Record<string, string>;
}

let keyring: PrivateKeyring | null = null;
let aws: AwsStandIn | null = null;
let world: World | null = null;
/** Every run's output, for the final check against the credentials the AWS stand-in issued. */
const outputs: { label: string; text: string }[] = [];
/** Files under HOME before the first cx run: path -> sha256. */
let baseline = new Map<string, string>();

function w(): World {
  if (world === null) throw new Error('no world');
  return world;
}

function provider(id: string, envKey: string): string {
  return [`[model_providers.${id}]`, `name = "${id}"`, 'base_url = "http://127.0.0.1:9/v1"', `env_key = ${tomlString(envKey)}`, 'wire_api = "responses"', ''].join('\n');
}

function bedrockProfile(awsProfile: string | null): string {
  return ['model_provider = "amazon-bedrock"', 'model = "openai.gpt-oss-120b"', '[model_providers.amazon-bedrock.aws]', 'region = "us-east-1"', ...(awsProfile ? [`profile = ${tomlString(awsProfile)}`] : []), ''].join('\n');
}

function ssoFiles(home: string, profile: string, session: string, accessToken: string, expired: boolean): string {
  const expiresAt = new Date(Date.now() + (expired ? -1 : 8) * 3_600_000).toISOString();
  writeFileSync(
    join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`),
    JSON.stringify({ startUrl: `https://${session}.awsapps.com/start`, region: 'us-east-1', accessToken, expiresAt }),
  );
  return `[profile ${profile}]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[sso-session ${session}]\nsso_start_url = https://${session}.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n`;
}

function makeWorld(bus: string, stand: AwsStandIn): World {
  const base = cleanEnv();
  const home = base['HOME'] as string;
  const codexHome = join(home, '.codex');
  const brokenCodexHome = join(home, '.codex-broken');
  const plain = join(home, 'work', 'plain');
  const repo = join(home, 'work', 'repo');
  const brokenRepo = join(home, 'work', 'broken-repo');
  for (const dir of [codexHome, brokenCodexHome, plain, repo, brokenRepo, join(home, 'tmp'), join(home, '.aws', 'sso', 'cache'), join(home, '.config', 'cx')]) mkdirSync(dir, { recursive: true });

  // CODEX_HOME: the base provider reads its key from the environment; profiles for every other source.
  writeFileSync(
    join(codexHome, 'config.toml'),
    [
      'model_provider = "fromenv"',
      'model = "model-from-config"',
      '[analytics]',
      'enabled = false',
      provider('fromenv', N.env),
      provider('dotenv', N.dotenv),
      provider('kr', N.keyringGlobal),
      provider('krp', N.keyringProfile),
      '[profiles.legacy]',
      'model = "legacy-model"',
      '',
    ].join('\n'),
  );
  const profiles: Record<string, string> = {
    dotenv: 'model_provider = "dotenv"\n',
    kr: 'model_provider = "kr"\n',
    krp: 'model_provider = "krp"\n',
    openai: 'model_provider = "openai"\nmodel = "gpt-5.5"\n',
    awsstatic: bedrockProfile('leak-static'),
    sso: bedrockProfile(`leak-sso-${TAG}`),
    ssoexp: bedrockProfile(`leak-ssoexp-${TAG}`),
    bedrockkr: bedrockProfile(null),
  };
  for (const [name, body] of Object.entries(profiles)) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  writeFileSync(join(codexHome, '.env'), `${N.dotenv}=${S.dotenv}\n`, { mode: 0o600 });

  writeFileSync(join(brokenCodexHome, 'config.toml'), `model_provider = "fromenv"\n[model_providers.fromenv]\nhttp_headers = { Authorization = "Bearer ${S.brokenConfig}" \n`);
  writeFileSync(join(brokenCodexHome, '.env'), `${N.dotenv}=${S.dotenv}\n`, { mode: 0o600 });

  writeFileSync(join(repo, '.cxrc'), 'profile = "kr"\n');
  writeFileSync(join(brokenRepo, '.cxrc'), `profile = "kr"\ntoken = "${S.brokenCxrc}" junk\n`);
  const brokenCxConfig = join(home, '.config', 'cx', 'broken.toml');
  writeFileSync(brokenCxConfig, `default_profile = "kr"\n[[rules]\nsecret = "${S.brokenCxConfig}"\n`);

  // AWS: static keys in the shared credentials file; a valid and an expired SSO session.
  const awsConfig = [
    '[profile leak-static]\nregion = us-east-1\n\n',
    ssoFiles(home, `leak-sso-${TAG}`, `leak-session-${TAG}`, S.ssoToken, false),
    ssoFiles(home, `leak-ssoexp-${TAG}`, `leak-expired-${TAG}`, S.ssoExpiredToken, true),
  ].join('');
  writeFileSync(join(home, '.aws', 'config'), awsConfig);
  writeFileSync(join(home, '.aws', 'credentials'), `[leak-static]\naws_access_key_id = AKIALEAK${TAG}\naws_secret_access_key = ${S.awsStatic}\n`, { mode: 0o600 });
  stand.ssoAccessTokens.add(S.ssoToken);

  // The fake codex: records its arguments and the NAMES of its variables (never a value), in the
  // file FAKE_OUT names (outside HOME), and exits 0; the failing one prints nothing and exits 1.
  const fakeDir = tempDir('cx-leak-fake-');
  const fakeOut = join(fakeDir, 'out');
  mkdirSync(fakeOut);
  const fake = writeScript(join(fakeDir, 'codex'), `[ -n "$FAKE_OUT" ] && { printf '%s\\n' "$@"; echo '--'; env -0 | cut -z -d= -f1 | tr '\\0' '\\n' | sort; } > "$FAKE_OUT"\nexit 0\n`);
  const failingFake = writeScript(join(fakeDir, 'failing', 'codex'), 'exit 1\n');

  const env: Record<string, string> = {
    ...base,
    PATH: SYSTEM_PATH,
    TMPDIR: join(home, 'tmp'),
    CODEX_HOME: codexHome,
    CX_CODEX_BIN: fake,
    DBUS_SESSION_BUS_ADDRESS: bus,
    CX_KEYRING_TIMEOUT_MS: '3000',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...stand.endpointEnv(),
    [N.env]: S.env,
    OPENAI_API_KEY: S.openai,
  };
  return { home, codexHome, brokenCodexHome, plain, repo, brokenRepo, brokenCxConfig, fake, failingFake, fakeOut, env };
}

/** Every regular file under `dir`: path -> sha256 of its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else if (stat.isFile()) files.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
  };
  walk(dir);
  return files;
}

/** The sentinels found in `text`, by name. */
function leaked(text: string, secrets: Readonly<Record<string, string>>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

beforeAll(async () => {
  if (!BUS) return;
  [keyring, aws] = await Promise.all([startPrivateKeyring(), startAwsStandIn()]);
  world = makeWorld(keyring.bus, aws);
}, 20_000);

afterAll(async () => {
  await Promise.all([keyring?.close(), aws?.close()]);
});

// ---------------------------------------------------------------------------------------------
// Running cx and checking what it printed.

interface Run {
  label: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  input?: string;
  /** The exit status this path ends with (so that the path really was taken). */
  status: number;
  /** Variable names the fake codex must have been given (the secret was found and delivered). */
  delivered?: string[];
}

async function cx(run: Run): Promise<CxResult> {
  const fakeOut = join(w().fakeOut, run.label.replace(/[^A-Za-z0-9_.-]+/g, '_'));
  const result = await runCx(run.args, {
    env: { ...w().env, FAKE_OUT: fakeOut, ...run.env },
    cwd: run.cwd ?? w().plain,
    timeoutMs: RUN_TIMEOUT,
    ...(run.input === undefined ? {} : { input: run.input }),
  });
  outputs.push({ label: run.label, text: `${result.stdout}\n${result.stderr}` });
  const why = `${run.label}: cx ${run.args.join(' ')}\nexit ${String(result.exitCode)}, timed out ${String(result.timedOut)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
  expect(result.timedOut, why).toBe(false);
  expect(leaked(`${result.stdout}\n${result.stderr}`, S), why).toEqual([]);
  expect(result.exitCode, why).toBe(run.status);
  if (run.delivered) {
    expect(existsSync(fakeOut), `${why}\n(the fake codex did not run)`).toBe(true);
    const names = readFileSync(fakeOut, 'utf8').split('--\n')[1]?.split('\n') ?? [];
    for (const name of run.delivered) expect(names, `${why}\n(${name} not delivered)`).toContain(name);
  }
  return result;
}

const EXEC = ['exec', '--skip-git-repo-check', 'say hi'];

describe(`no secret leaks from any cx command or error path${SKIP}`, () => {
  it.skipIf(!BUS)('plants keyring secrets through `cx secret set` (stdin), which prints none of them', async () => {
    for (const [name, value, profile] of [
      [N.keyringGlobal, S.keyringGlobal, null],
      [N.keyringProfile, S.keyringProfile, 'krp'],
      ['AWS_BEARER_TOKEN_BEDROCK', S.bearer, 'bedrockkr'],
    ] as const) {
      await cx({ label: `set ${name}`, args: ['secret', 'set', name, ...(profile ? ['--profile', profile] : [])], input: `${value}\n`, status: 0 });
    }
    // Everything planted: the baseline for "files cx created or changed".
    baseline = snapshot(w().home);
    // The scan can fail: the planted .env holds its sentinel.
    expect(leaked(readFileSync(join(w().codexHome, '.env'), 'utf8'), S)).toEqual(['dotenv']);
  });

  it.skipIf(!BUS)('explain, explain --json, --cx-dry-run and the launch, for every source', async () => {
    const sources: { profile: string | null; delivered: string[]; status?: number }[] = [
      { profile: null, delivered: [N.env] },
      { profile: 'dotenv', delivered: [] }, // codex loads $CODEX_HOME/.env itself
      { profile: 'kr', delivered: [N.keyringGlobal] },
      { profile: 'krp', delivered: [N.keyringProfile] },
      { profile: 'openai', delivered: ['CODEX_API_KEY'] },
      // aws.profile in codex's config: codex resolves the profile itself, so cx checks it and delivers nothing.
      { profile: 'awsstatic', delivered: [] },
      { profile: 'sso', delivered: [] },
      { profile: 'bedrockkr', delivered: ['AWS_BEARER_TOKEN_BEDROCK'] },
    ];
    const runs: Run[] = sources.flatMap(({ profile, delivered }) => {
      const plus = profile === null ? [] : [`+${profile}`];
      const name = profile ?? 'default';
      return [
        { label: `explain ${name}`, args: ['explain', ...plus, ...EXEC], status: 0 },
        { label: `explain --json ${name}`, args: ['explain', '--json', ...plus, ...EXEC], status: 0 },
        { label: `dry run ${name}`, args: [...plus, '--cx-dry-run', ...EXEC], status: 0 },
        { label: `launch ${name}`, args: [...plus, ...EXEC], status: 0, delivered },
      ];
    });
    // The SSO profile first, alone: its first run fetches and caches the role credentials.
    await cx({ label: 'launch sso (fetch)', args: ['+sso', ...EXEC], status: 0, delivered: [] });
    await mapLimit(runs, 4, cx);
    expect(aws?.issued.size).toBeGreaterThan(0);
  });

  it.skipIf(!BUS)('profiles, migrate (dry run), doctor, completion, version and help', async () => {
    await mapLimit(
      [
        { label: 'profiles', args: ['profiles'], status: 0 },
        { label: 'profiles --json', args: ['profiles', '--json'], status: 0 },
        { label: 'migrate', args: ['migrate'], status: 0 },
        { label: 'doctor', args: ['doctor'], status: 0 },
        { label: 'doctor --json', args: ['doctor', '--json'], status: 0 },
        { label: 'doctor +kr --json', args: ['doctor', '--json', '+kr'], status: 0 },
        { label: 'doctor +sso', args: ['doctor', '+sso'], status: 0 },
        { label: 'completion', args: ['completion', 'bash'], status: 0 },
        { label: 'completion zsh', args: ['completion', 'zsh'], status: 0 },
        { label: 'completion fish', args: ['completion', 'fish'], status: 0 },
        { label: 'complete profiles', args: ['__complete', 'profiles'], status: 0 },
        { label: 'complete secrets', args: ['__complete', 'secrets', 'get'], status: 0 },
        { label: 'complete secrets scoped', args: ['__complete', 'secrets', 'get', 'krp'], status: 0 },
        { label: 'version', args: ['--cx-version'], status: 0 },
        { label: 'help', args: ['--cx-help'], status: 0 },
        { label: 'secret help', args: ['secret', '--help'], status: 0 },
        { label: 'doctor help', args: ['doctor', '--help'], status: 0 },
        { label: 'dry run kr', args: ['+kr', '--cx-dry-run', ...EXEC], status: 0 },
      ],
      4,
      cx,
    );
  });

  it.skipIf(!BUS)('cx shim install and uninstall', async () => {
    const dir = join(w().home, 'shim-bin');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await cx({ label: 'shim install', args: ['shim', 'install', dir], status: 0 });
    await cx({ label: 'shim uninstall', args: ['shim', 'uninstall', dir], status: 0 });
  });

  it.skipIf(!BUS)('cx secret: get, ls, rm of a missing name, set; only get --reveal prints its own secret', async () => {
    await mapLimit(
      [
        { label: 'secret get', args: ['secret', 'get', N.keyringGlobal], status: 0 },
        { label: 'secret get --profile', args: ['secret', 'get', N.keyringProfile, '--profile', 'krp'], status: 0 },
        { label: 'secret get bearer', args: ['secret', 'get', 'AWS_BEARER_TOKEN_BEDROCK', '--profile', 'bedrockkr'], status: 0 },
        { label: 'secret ls', args: ['secret', 'ls'], status: 0 },
        { label: 'secret ls --profile', args: ['secret', 'ls', '--profile', 'krp'], status: 0 },
        { label: 'secret rm missing', args: ['secret', 'rm', `CXL_${TAG}_MISSING`], status: 66 },
        { label: 'secret get missing', args: ['secret', 'get', `CXL_${TAG}_MISSING`], status: 66 },
        { label: 'secret set later', args: ['secret', 'set', N.setLater], input: S.setLater, status: 0 },
      ],
      4,
      cx,
    );
    // The positive control: --reveal prints the value, and nothing else of anyone's.
    for (const [name, value, profile] of [
      [N.keyringGlobal, S.keyringGlobal, null],
      [N.keyringProfile, S.keyringProfile, 'krp'],
    ] as const) {
      const reveal = await runCx(['secret', 'get', name, '--reveal', ...(profile ? ['--profile', profile] : [])], { env: w().env, cwd: w().plain, timeoutMs: RUN_TIMEOUT });
      expect(reveal.exitCode, reveal.stderr).toBe(0);
      expect(reveal.stdout).toBe(value);
      expect(reveal.stderr).toBe('');
    }
  });

  it.skipIf(!BUS)('a .cxrc: untrusted, trust, trusted selection and launch, untrust, trust again', async () => {
    const repo = w().repo;
    await cx({ label: 'cxrc untrusted explain', args: ['explain', ...EXEC], cwd: repo, status: 0 });
    await cx({ label: 'trust', args: ['trust'], cwd: repo, status: 0 });
    await cx({ label: 'cxrc trusted explain', args: ['explain', '--json', ...EXEC], cwd: repo, status: 0 });
    await cx({ label: 'cxrc trusted launch', args: EXEC, cwd: repo, status: 0, delivered: [N.keyringGlobal] });
    await cx({ label: 'untrust', args: ['untrust'], cwd: repo, status: 0 });
    await cx({ label: 'trust again', args: ['trust', join(repo, '.cxrc')], cwd: w().plain, status: 0 });
  });

  it.skipIf(!BUS)('bad config: malformed config.toml, .cxrc and cx config (78)', async () => {
    const broken = { CODEX_HOME: w().brokenCodexHome };
    const brokenCx = { CX_CONFIG: w().brokenCxConfig };
    await mapLimit(
      [
        { label: 'broken config.toml explain', args: ['explain', ...EXEC], env: broken, status: 78 },
        { label: 'broken config.toml launch', args: EXEC, env: broken, status: 78 },
        { label: 'broken config.toml profiles', args: ['profiles'], env: broken, status: 78 },
        { label: 'broken config.toml migrate', args: ['migrate'], env: broken, status: 78 },
        { label: 'broken .cxrc explain', args: ['explain', ...EXEC], cwd: w().brokenRepo, status: 78 },
        { label: 'broken .cxrc launch', args: EXEC, cwd: w().brokenRepo, status: 78 },
        { label: 'broken .cxrc trust', args: ['trust'], cwd: w().brokenRepo, status: 78 },
        { label: 'broken cx config explain', args: ['explain', '--json', ...EXEC], env: brokenCx, status: 78 },
        { label: 'broken cx config launch', args: ['+kr', ...EXEC], env: brokenCx, status: 78 },
        { label: 'broken config.toml doctor', args: ['doctor', '--json'], env: broken, status: 1 },
        { label: 'broken .cxrc doctor', args: ['doctor'], cwd: w().brokenRepo, status: 1 },
        { label: 'broken cx config doctor', args: ['doctor', '--json'], env: brokenCx, status: 1 },
      ],
      4,
      cx,
    );
  });

  it.skipIf(!BUS)('keyring down, SSO expired, codex failing, codex not found', async () => {
    const down = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(w().home, 'no-bus')}` };
    await mapLimit(
      [
        { label: 'keyring down explain', args: ['explain', '+kr', ...EXEC], env: down, status: 69 },
        { label: 'keyring down launch', args: ['+kr', ...EXEC], env: down, status: 69 },
        { label: 'keyring down launch bedrock', args: ['+bedrockkr', ...EXEC], env: down, status: 69 },
        { label: 'keyring down sso launch', args: ['+sso', ...EXEC], env: down, status: 0, delivered: [] },
        { label: 'keyring down secret get', args: ['secret', 'get', N.keyringGlobal], env: down, status: 74 },
        { label: 'keyring down secret ls', args: ['secret', 'ls'], env: down, status: 74 },
        { label: 'keyring down secret set', args: ['secret', 'set', N.setLater], env: down, input: S.setLater, status: 74 },
        { label: 'keyring down doctor', args: ['doctor', '+kr'], env: down, status: 1 },
        { label: 'sso expired doctor', args: ['doctor', '+ssoexp'], status: 1 },
        { label: 'sso expired doctor --json', args: ['doctor', '--json', '+ssoexp'], status: 1 },
        { label: 'sso expired explain', args: ['explain', '+ssoexp', ...EXEC], status: 69 },
        { label: 'sso expired explain --json', args: ['explain', '--json', '+ssoexp', ...EXEC], status: 69 },
        { label: 'sso expired launch', args: ['+ssoexp', ...EXEC], status: 69 },
        { label: 'sso expired forced', args: ['+ssoexp', '--cx-force', ...EXEC], status: 0 },
        // The compatibility check: blocked (web search asked of Bedrock), then forced.
        { label: 'compat blocked', args: ['+bedrockkr', ...EXEC, '-c', 'web_search="live"'], status: 69 },
        { label: 'compat forced', args: ['+bedrockkr', '--cx-force', ...EXEC, '-c', 'web_search="live"'], status: 0 },
        { label: 'compat explain', args: ['explain', '--json', '+bedrockkr', ...EXEC, '-c', 'web_search="live"'], status: 69 },
        { label: 'codex failing', args: ['+kr', ...EXEC], env: { CX_CODEX_BIN: w().failingFake }, status: 1 },
        { label: 'codex not found', args: ['+kr', ...EXEC], env: { CX_CODEX_BIN: join(w().home, 'no', 'codex') }, status: 127 },
        { label: 'codex not on PATH', args: ['+kr', ...EXEC], env: { CX_CODEX_BIN: '' }, status: 127 },
      ],
      4,
      cx,
    );
  });

  it.skipIf(!BUS)('the sweep: no sentinel, nor any credential the AWS stand-in issued, in any output or in any file cx created or changed', () => {
    const issued: Record<string, string> = {};
    for (const [id, credentials] of aws?.issued ?? []) {
      issued[`${id} secret`] = credentials.secretAccessKey;
      issued[`${id} session token`] = credentials.sessionToken;
    }
    expect(Object.keys(issued).length).toBeGreaterThan(0);
    const secrets = { ...S, ...issued };
    for (const { label, text } of outputs) expect(leaked(text, secrets), label).toEqual([]);

    const after = snapshot(w().home);
    const touched = [...after].filter(([path, hash]) => baseline.get(path) !== hash).map(([path]) => path);
    const found = touched.flatMap((path) => leaked(readFileSync(path, 'utf8'), secrets).map((name) => `${relative(w().home, path)}: ${name}`));
    expect(found).toEqual([]);
    // The sweep looked at what cx wrote: at least the trust record.
    expect(touched.some((path) => path.includes(join('cx', 'trust')))).toBe(true);
  });
});
