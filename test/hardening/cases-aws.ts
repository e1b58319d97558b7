// Bad AWS inputs for an Amazon Bedrock profile (`bed`, region set; AWS_PROFILE=corp): the shared
// config and credentials files, SSO token caches (~/.aws/sso/cache/SHA1.json), web identity token
// files and credential_process. The SDK blocks forever on a FIFO and reads a device without end,
// so cx must look first; anything else it cannot use is a blocked launch (69) with one line.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EXIT } from '../../src/exit-status.ts';
import { shQuote, writeScript } from '../helpers/fake-codex.ts';
import { type BadInputCase, type Box, type Expect, type Oddity, UNREADABLE_SKIP, plant, secret, write } from './harness.ts';

const BED = ['+bed', 'exec', 'hi'];
const PROFILE_ENV = (): Record<string, string> => ({ AWS_PROFILE: 'corp' });
const SSO_SESSION = 'corp-sso';
const START_URL = 'https://corp.awsapps.com/start';
const PROC_SECRET = secret('process');

const configPath = (b: Box): string => join(b.aws, 'config');
const credentialsPath = (b: Box): string => join(b.aws, 'credentials');
const tokenPath = (b: Box, id: string): string => join(b.aws, 'sso', 'cache', `${createHash('sha1').update(id).digest('hex')}.json`);

const SSO_CONFIG = `[profile corp]\nsso_session = ${SSO_SESSION}\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[sso-session ${SSO_SESSION}]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\n`;
const LEGACY_SSO_CONFIG = `[profile corp]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Developer\n`;
const STATIC_CREDENTIALS = '[corp]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = static-not-a-real-secret\n';

const refusedFile = (file: string, message: RegExp): Expect => ({ status: EXIT.config, file, message });
const blocked = (message: RegExp): Expect => ({ status: EXIT.blocked, message });

const awsCase = (kind: string, name: string, setup: (b: Box) => Expect, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  kind,
  name,
  argv: BED,
  env: PROFILE_ENV,
  setup,
  ...extra,
});

const ODD: readonly [Oddity, RegExp][] = [
  ['fifo', /named pipe/],
  ['directory', /is a directory/],
  ['dev-zero', /not a regular file/],
  ['dev-urandom', /not a regular file/],
  ['symlink-loop', /symlink loop/],
  ['unreadable', /not readable/],
];

const configOdd: BadInputCase[] = ODD.map(([oddity, why]) =>
  awsCase('AWS config', `~/.aws/config is ${oddity} (the profile's keys in credentials)`, (b) => {
    write(credentialsPath(b), STATIC_CREDENTIALS);
    return refusedFile(plant(configPath(b), oddity), why);
  }, oddity === 'unreadable' ? { skip: UNREADABLE_SKIP } : {}),
);

const credentialsOdd: BadInputCase[] = ODD.filter(([oddity]) => oddity !== 'dev-urandom').map(([oddity, why]) =>
  awsCase('AWS credentials', `~/.aws/credentials is ${oddity} (an SSO profile in config)`, (b) => {
    write(configPath(b), SSO_CONFIG);
    return refusedFile(plant(credentialsPath(b), oddity), why);
  }, oddity === 'unreadable' ? { skip: UNREADABLE_SKIP } : {}),
);

const tokenOdd: BadInputCase[] = ODD.filter(([oddity]) => oddity !== 'symlink-loop' && oddity !== 'dev-urandom').map(([oddity, why]) =>
  awsCase('SSO cache', `the SSO token cache file is ${oddity}`, (b) => {
    write(configPath(b), SSO_CONFIG);
    return refusedFile(plant(tokenPath(b, SSO_SESSION), oddity), why);
  }, oddity === 'unreadable' ? { skip: UNREADABLE_SKIP } : {}),
);

/** Token cache files the SDK cannot use: an expired-or-missing session, refused in CI with the fix. */
const TOKENS: readonly [string, string | Buffer][] = [
  ['malformed JSON', '{"accessToken": "abc", '],
  ['empty', ''],
  ['JSON null', 'null'],
  ['a JSON array', '[1, 2, 3]'],
  ['expiresAt not a date', JSON.stringify({ accessToken: 'a', expiresAt: 'soon', region: 'us-east-1', startUrl: START_URL })],
  ['expired a day ago', JSON.stringify({ accessToken: 'a', expiresAt: new Date(Date.now() - 86_400_000).toISOString(), region: 'us-east-1', startUrl: START_URL })],
  ['no accessToken', JSON.stringify({ expiresAt: new Date(Date.now() + 3_600_000).toISOString(), region: 'us-east-1', startUrl: START_URL })],
  ['binary garbage', Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x00])],
  ['a 100 000-deep JSON array', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
];

const tokenContent: BadInputCase[] = TOKENS.map(([label, content]) =>
  awsCase('SSO cache', `the SSO token cache file holds ${label}`, (b) => {
    write(configPath(b), SSO_CONFIG);
    write(tokenPath(b, SSO_SESSION), content);
    return blocked(/aws sso login --profile corp/);
  }),
);

const other: BadInputCase[] = [
  awsCase('SSO cache', 'a legacy SSO profile whose token cache (by start URL) is a FIFO', (b) => {
    write(configPath(b), LEGACY_SSO_CONFIG);
    return refusedFile(plant(tokenPath(b, START_URL), 'fifo'), /named pipe/);
  }),
  awsCase('SSO cache', 'a role profile sourcing an SSO profile whose token cache is a FIFO', (b) => {
    write(configPath(b), `[profile corp]\nrole_arn = arn:aws:iam::111122223333:role/Admin\nsource_profile = base\n\n${SSO_CONFIG.replace('[profile corp]', '[profile base]')}`);
    return refusedFile(plant(tokenPath(b, SSO_SESSION), 'fifo'), /named pipe/);
  }),
  awsCase('SSO cache', 'no SSO token cache at all: refused in CI with the login command', (b) => {
    write(configPath(b), SSO_CONFIG);
    return blocked(/aws sso login --profile corp/);
  }),
  awsCase('AWS config', 'sso_session names an [sso-session] that is not there', (b) => {
    write(configPath(b), '[profile corp]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n');
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'web_identity_token_file is a FIFO', (b) => {
    const token = plant(join(b.home, 'token'), 'fifo');
    write(configPath(b), `[profile corp]\nrole_arn = arn:aws:iam::111122223333:role/Web\nweb_identity_token_file = ${token}\n`);
    return refusedFile(token, /named pipe/);
  }),
  awsCase('AWS config', 'web_identity_token_file does not exist', (b) => {
    write(configPath(b), `[profile corp]\nrole_arn = arn:aws:iam::111122223333:role/Web\nweb_identity_token_file = ${join(b.home, 'nowhere')}\n`);
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'source_profile names itself', (b) => {
    write(configPath(b), '[profile corp]\nrole_arn = arn:aws:iam::111122223333:role/A\nsource_profile = corp\n');
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'a source_profile loop (corp -> b -> corp)', (b) => {
    write(configPath(b), '[profile corp]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = corp\n');
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'role_arn with no source', (b) => {
    write(configPath(b), '[profile corp]\nrole_arn = arn:aws:iam::1:role/A\n');
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'credential_process names a program that does not exist', (b) => {
    write(configPath(b), `[profile corp]\ncredential_process = ${join(b.root, 'no-such-program')}\n`);
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'credential_process prints garbage', (b) => {
    const program = writeScript(join(b.root, 'garbage'), 'echo "this is not JSON"\n');
    write(configPath(b), `[profile corp]\ncredential_process = ${program}\n`);
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'credential_process prints a secret in JSON of the wrong version (never shown)', (b) => {
    const program = writeScript(join(b.root, 'v2'), `echo '{"Version": 2, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "${PROC_SECRET}"}'\n`);
    write(configPath(b), `[profile corp]\ncredential_process = ${program}\n`);
    return blocked(/corp/);
  }, { secrets: [PROC_SECRET] }),
  awsCase('AWS config', 'credential_process exits 1 saying a secret on stderr (never shown)', (b) => {
    const program = writeScript(join(b.root, 'fails'), `echo ${shQuote(`token ${PROC_SECRET} rejected`)} >&2\nexit 1\n`);
    write(configPath(b), `[profile corp]\ncredential_process = ${program}\n`);
    return blocked(/corp/);
  }, { secrets: [PROC_SECRET] }),
  awsCase('AWS credentials', 'an access key with no secret key', (b) => {
    write(credentialsPath(b), '[corp]\naws_access_key_id = AKIAONLY\n');
    return blocked(/corp/);
  }),
  awsCase('AWS config', 'the profile written [corp] in the config file (not [profile corp])', (b) => {
    write(configPath(b), '[corp]\nregion = eu-west-1\nsso_session = x\n');
    return blocked(/AWS profile corp is not in/);
  }),
  awsCase('AWS config', 'an unclosed section header', (b) => {
    write(configPath(b), '[profile corp\nregion = eu-west-1\n');
    return blocked(/AWS profile corp is not in/);
  }),
  awsCase('AWS config', 'more than 1 MiB', (b) => refusedFile(write(configPath(b), `[profile corp]\n${'# pad\n'.repeat(200_000)}`), /at most/)),
  awsCase('AWS config', 'AWS_CONFIG_FILE names a directory', (b) => {
    write(credentialsPath(b), STATIC_CREDENTIALS);
    return refusedFile(plant(join(b.home, 'aws-config-dir'), 'directory'), /is a directory/);
  }, { env: (b) => ({ AWS_PROFILE: 'corp', AWS_CONFIG_FILE: join(b.home, 'aws-config-dir') }) }),
  awsCase('AWS credentials', 'AWS_SHARED_CREDENTIALS_FILE names /dev/zero', (b) => {
    write(configPath(b), '[profile corp]\nregion = eu-west-1\n');
    return refusedFile('/dev/zero', /not a regular file/);
  }, { env: () => ({ AWS_PROFILE: 'corp', AWS_SHARED_CREDENTIALS_FILE: '/dev/zero' }) }),
  awsCase('AWS config', 'invalid UTF-8 in a comment: the profile is still found (as the SDK finds it)', (b) => {
    const program = writeScript(join(b.root, 'creds'), `echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "${PROC_SECRET}"}'\n`);
    write(configPath(b), Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(`[profile corp]\ncredential_process = ${program}\n`)]));
    return { status: 0, argv: ['-c', 'shell_environment_policy.exclude=["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]', '-p', 'bed', 'exec', 'hi'], envHas: { AWS_ACCESS_KEY_ID: 'AKIAPROC', AWS_SECRET_ACCESS_KEY: PROC_SECRET } };
  }, { secrets: [PROC_SECRET] }),
  awsCase('AWS config', 'a NUL byte in a comment: the profile is still found (as the SDK finds it)', (b) => {
    const program = writeScript(join(b.root, 'creds'), `echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "${PROC_SECRET}"}'\n`);
    write(configPath(b), `# a\0b\n[profile corp]\ncredential_process = ${program}\n`);
    return { status: 0, argv: ['-c', 'shell_environment_policy.exclude=["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]', '-p', 'bed', 'exec', 'hi'], envHas: { AWS_ACCESS_KEY_ID: 'AKIAPROC' } };
  }, { secrets: [PROC_SECRET] }),
  {
    kind: 'AWS config',
    name: 'a FIFO config does not matter when the keys are in the environment and no profile is named',
    argv: BED,
    secrets: [PROC_SECRET],
    env: () => ({ AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: PROC_SECRET }),
    setup: (b) => {
      plant(configPath(b), 'fifo');
      return { status: 0, argv: ['-c', 'shell_environment_policy.exclude=["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]', '-p', 'bed', 'exec', 'hi'], envHas: { AWS_ACCESS_KEY_ID: 'AKIAENV' } };
    },
  },
];

const keyringSideEffect: BadInputCase = awsCase(
  'AWS credentials',
  'a home without ~/.cache: resolving AWS credentials writes nothing there',
  (b) => {
    write(credentialsPath(b), STATIC_CREDENTIALS);
    return { status: 0, argv: ['-c', 'shell_environment_policy.exclude=["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]', '-p', 'bed', 'exec', 'hi'], envHas: { AWS_ACCESS_KEY_ID: 'AKIASTATIC' } };
  },
  {
    noCacheDir: true,
  },
);

export const AWS_CASES: BadInputCase[] = [...configOdd, ...credentialsOdd, ...tokenOdd, ...tokenContent, ...other, keyringSideEffect];
