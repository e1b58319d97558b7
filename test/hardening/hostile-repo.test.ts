// The hostile-repository suite (issue 11): each case is a repository state — files, symlinks in and
// out of the tree, FIFOs, nested .cxrc files at several depths, git metadata, files of another user
// — and one command, run through the built cx against a recording fake codex, as CI would run it
// (CI=true, no terminal). Every case asserts: no planted sentinel in stdout, stderr, or any file cx
// wrote (the fake codex's argv log included); finished within 5 s; the documented exit status; and
// codex launched exactly when the case says (never where a restriction forbids it). The far side
// of the effective-settings rules (-C, --oss, -c trimming, .env, the project layer) is proven
// against the real codex in test/e2e/effective-settings.test.ts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CX_BIN, type CxResult, NATIVE_CODEX, cleanEnv, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type FakeCodex, fakeCodex, looksLikeStackTrace } from '../helpers/fake-codex.ts';
import { type ResponsesStandIn, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

/** cx's documented statuses (README "Exit status"), as numbers: the suite checks the documentation. */
const OK = 0;
const DOCTOR_FAILED = 1;
const DENIED = 77;
const CONFIG = 78;
const BOUND_MS = 5_000;

const SENTINEL = `ghs_SENTINEL${randomBytes(12).toString('hex')}`;
const TOKEN_URL = `https://x-access-token:${SENTINEL}@github.com`;
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

interface Box {
  root: string;
  home: string;
  codexHome: string;
  state: string;
  cxConfig: string;
  fake: FakeCodex;
  env: Record<string, string>;
  /** Files the case planted the sentinel in (not written by cx). */
  planted: Set<string>;
}

/** The user's own profiles: what they approved. */
const PROFILES: Record<string, string> = {
  work: 'model = "model-work"\n',
  azure: 'model_provider = "azure"\nmodel = "dep"\n[model_providers.azure]\nname = "Azure"\nbase_url = "https://r.openai.azure.com/openai"\nenv_key = "AZ_KEY"\nquery_params = { api-version = "2025-04-01-preview" }\n',
  corp: 'model_provider = "corp"\nmodel = "m"\n[model_providers.corp]\nname = "corp"\nbase_url = "https://llm.corp.example/v1"\nenv_key = "CORP_KEY"\n',
  'bed-eu': 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-oss-120b"\nweb_search = "disabled"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n',
  'bed-us': 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-oss-120b"\nweb_search = "disabled"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n',
  'bed-noregion': 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-oss-120b"\nweb_search = "disabled"\n',
};

function box(cxConfig = ''): Box {
  const root = realpathSync(tempDir('cx-hostile-repo-'));
  chmodSync(root, 0o755); // another user (the nobody cases) must reach into it
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  for (const [name, body] of Object.entries(PROFILES)) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  const planted = new Set<string>();
  const credentials = join(home, '.git-credentials');
  writeFileSync(credentials, `${TOKEN_URL}\n`, { mode: 0o600 });
  planted.add(credentials);
  const state = join(root, 'state');
  const file = join(root, 'cx-config.toml');
  writeFileSync(file, cxConfig);
  const fake = fakeCodex(join(root, 'fake'));
  const env = cleanEnv({
    HOME: home,
    CODEX_HOME: codexHome,
    XDG_STATE_HOME: state,
    XDG_CONFIG_HOME: join(home, '.config'),
    CX_CONFIG: file,
    CX_CODEX_BIN: fake.bin,
    CI: 'true',
    CODEX_API_KEY: 'test-openai-key',
    AZ_KEY: 'test-azure-key',
    CORP_KEY: 'test-corp-key',
    AWS_BEARER_TOKEN_BEDROCK: 'test-bedrock-token',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  return { root, home, codexHome, state, cxConfig: file, fake, env, planted };
}

/** Writes `text` at root/rel (directories made), recording it as planted when it holds the sentinel. */
function put(b: Box, rel: string, text: string): string {
  const path = join(b.root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (text.includes(SENTINEL)) b.planted.add(path);
  return path;
}

function dir(b: Box, rel: string): string {
  const path = join(b.root, rel);
  mkdirSync(path, { recursive: true });
  return path;
}

function fifo(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (spawnSync('mkfifo', [path]).status !== 0) throw new Error('mkfifo failed');
}

/** A git repository at root/rel whose `origin` URL carries the sentinel token. */
function gitWithTokenRemote(b: Box, rel: string): string {
  const repo = dir(b, rel);
  put(b, `${rel}/.git/config`, `[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = ${TOKEN_URL}/acme-corp/app.git\n`);
  put(b, `${rel}/.git/HEAD`, 'ref: refs/heads/main\n');
  return repo;
}

function cxProcess(b: Box, args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}, asNobody = false): Promise<CxResult> {
  const env = { ...b.env, ...extraEnv };
  if (!asNobody) return runProgram(process.execPath, [CX_BIN, ...args], { env, cwd, timeoutMs: BOUND_MS + 2_000 });
  return runProgram('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CX_BIN, ...args], { env, cwd, timeoutMs: BOUND_MS + 2_000 });
}

/** Every regular file under `root` that is not planted (nor a symlink, FIFO or device): what cx or the fake wrote. */
function writtenFiles(root: string, planted: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else if (stat.isFile() && !planted.has(path)) found.push(path);
  };
  walk(root);
  return found;
}

type Trust = (b: Box, path: string) => Promise<void>;
/** Trusts a .cxrc as its owner would (cx trust, outside CI), before the case runs. */
const trust: Trust = async (b, path) => {
  const result = await cxProcess(b, ['trust', path], b.root, { CI: '' });
  if (result.exitCode !== 0) throw new Error(`setting up: cx trust failed: ${result.stderr}`);
};

interface Case {
  name: string;
  /** Builds the state; returns the directory cx runs in. */
  state: (b: Box) => string | Promise<string>;
  args: readonly string[];
  status: number;
  /** Whether codex runs (`exec` and other launches); commands that never launch say false. */
  launches: boolean;
  env?: Record<string, string>;
  cxConfig?: string;
  /** Arranged with chown / setpriv: only as root. */
  needsRoot?: boolean;
  asNobody?: boolean;
  /** What the output must (also) say. */
  says?: (string | RegExp)[];
  /** The argv codex got, when it ran. */
  argv?: readonly string[];
}

const COMMANDS: readonly { args: readonly string[]; launches: boolean }[] = [
  { args: ['exec', 'hi'], launches: true },
  { args: ['explain', 'exec', 'hi'], launches: false },
  { args: ['explain', '--json', 'exec', 'hi'], launches: false },
  { args: ['trust'], launches: false },
  { args: ['profiles'], launches: false },
  { args: ['doctor', '--cx-only'], launches: false },
  { args: ['profiles', '--json'], launches: false },
  { args: ['doctor', '--json', '--cx-only'], launches: false },
];

/** One repository state under every command, each with its status; `says` is checked where the command reports on .cxrc files (not `cx profiles`). */
function underEveryCommand(name: string, state: Case['state'], statuses: readonly number[], extra: Partial<Case> = {}): Case[] {
  return COMMANDS.map((command, i) => ({
    name: `${name} — cx ${command.args.join(' ')}`,
    state,
    args: command.args,
    status: statuses[i] as number,
    launches: command.launches && statuses[i] === OK,
    ...extra,
    // --json output escapes quotes and the like: `says` is checked on the text forms only.
    ...(command.args[0] === 'profiles' || command.args.includes('--json') ? { says: [] } : {}),
  }));
}

const symlinkToCredentials = (b: Box): string => {
  const repo = dir(b, 'clone');
  symlinkSync(join(b.home, '.git-credentials'), join(repo, '.cxrc'));
  return repo;
};
const tokenAsOneWord = (b: Box): string => {
  put(b, 'clone/.cxrc', `${TOKEN_URL}\n`);
  return join(b.root, 'clone');
};
const tokenAsProfileName = (b: Box): string => {
  put(b, 'clone/.cxrc', `profile = "${SENTINEL}"\n`);
  return join(b.root, 'clone');
};
const trustedTokenProfile = async (b: Box): Promise<string> => {
  const repo = tokenAsProfileName(b);
  await trust(b, join(repo, '.cxrc'));
  return repo;
};
const tokenInRestrictions = (b: Box): string => {
  put(b, 'clone/.cxrc', `[require]\nproviders = ["amazon-bedrock", "${SENTINEL}"]\nregions = ["eu-*", "${TOKEN_URL}"]\nfeatures_off = ["${SENTINEL}"]\n`);
  return join(b.root, 'clone');
};
const tokenAsUnknownKey = (b: Box): string => {
  put(b, 'clone/.cxrc', `profile = "work"\n${SENTINEL} = "x"\n`);
  return join(b.root, 'clone');
};

/** ~/work/.cxrc allows only `corp`; a clone below it has its own .cxrc (given). */
function nested(cloneCxrc: string | null, depth = 1): (b: Box) => string {
  return (b) => {
    put(b, 'work/.cxrc', '[require]\nproviders = ["corp"]\n');
    const rel = ['work', ...Array.from({ length: depth }, (_, i) => `level${i + 1}`)].join('/');
    const repo = dir(b, rel);
    if (cloneCxrc !== null) put(b, `${rel}/.cxrc`, cloneCxrc);
    return repo;
  };
}

const restricted = (b: Box): string => {
  put(b, 'restricted/.cxrc', '[require]\nproviders = ["corp"]\n');
  dir(b, 'outside');
  return join(b.root, 'outside');
};

const CASES: Case[] = [
  // Item 2: a symlink to the user's credentials, committed as .cxrc.
  ...underEveryCommand('a .cxrc symlinked to ~/.git-credentials', symlinkToCredentials, [OK, OK, OK, DENIED, OK, OK, OK, OK], { says: ['is a symlink leading out of its directory'] }),
  // Item 2: the token as the file's one word (not a valid name), in-tree.
  ...underEveryCommand('a .cxrc whose one word is a token URL', tokenAsOneWord, [CONFIG, CONFIG, CONFIG, CONFIG, CONFIG, DOCTOR_FAILED, CONFIG, DOCTOR_FAILED], { says: ['not a valid profile name'] }),
  // Item 2: a token that is a valid profile name, untrusted: never echoed, codex gets no -p.
  ...underEveryCommand('an untrusted .cxrc naming a token-like profile', tokenAsProfileName, [OK, OK, OK, OK, OK, OK, OK, OK]),
  // …and trusted (someone ran cx trust): a profile that does not exist, refused without its name.
  { name: 'a trusted .cxrc naming a token-like profile — cx exec', state: trustedTokenProfile, args: ['exec', 'hi'], status: CONFIG, launches: false, says: ['does not exist (the name is not shown)'] },
  { name: 'a trusted .cxrc naming a token-like profile — cx explain --json', state: trustedTokenProfile, args: ['explain', '--json', 'exec', 'hi'], status: CONFIG, launches: false },
  { name: 'a trusted .cxrc naming a token-like profile — cx doctor --cx-only', state: trustedTokenProfile, args: ['doctor', '--cx-only'], status: DOCTOR_FAILED, launches: false },
  { name: 'a trusted .cxrc naming a token-like profile — cx profiles', state: trustedTokenProfile, args: ['profiles'], status: OK, launches: false },
  // Item 2: tokens inside [require] lists: counted, never shown; the restriction still refuses.
  ...underEveryCommand('a .cxrc with tokens in its [require] lists', tokenInRestrictions, [DENIED, DENIED, DENIED, OK, OK, OK, OK, OK], { says: [/not shown/] }),
  { name: 'a .cxrc with an unknown key named like a token — cx exec', state: tokenAsUnknownKey, args: ['exec', 'hi'], status: CONFIG, launches: false, says: ['an unknown key'] },
  { name: 'a .cxrc with an unknown key named like a token — cx doctor --cx-only', state: tokenAsUnknownKey, args: ['doctor', '--cx-only'], status: DOCTOR_FAILED, launches: false },
  // Item 2: a git remote URL carrying a token, matched by a rule: the URL is never shown.
  {
    name: 'a git remote URL with a token, matched by a rule — cx explain',
    state: (b) => gitWithTokenRemote(b, 'app'),
    cxConfig: '[[rules]]\ngit_remote = "*github.com*acme-corp/*"\nprofile = "work"\n',
    args: ['explain', '--verbose', 'exec', 'hi'],
    status: OK,
    launches: false,
    says: ['a git remote matches'],
  },
  {
    name: 'a git remote URL with a token, matched by a rule — cx exec',
    state: (b) => gitWithTokenRemote(b, 'app'),
    cxConfig: '[[rules]]\ngit_remote = "*github.com*acme-corp/*"\nprofile = "work"\n',
    args: ['exec', 'hi'],
    status: OK,
    launches: true,
    argv: ['-p', 'work', 'exec', 'hi'],
  },
  // Item 2: the untracked .codex/config.toml of a project codex does not trust is not read at all.
  { name: "an untrusted project's .codex/config.toml holding a token", state: (b) => (put(b, 'clone/.codex/config.toml', `model = "${SENTINEL}"\n`), dir(b, 'clone')), args: ['explain', '--json', 'exec', 'hi'], status: OK, launches: false },

  // Item 4: restrictions accumulate; a nested file never lifts them.
  { name: 'nested: an empty untrusted .cxrc under a restricting parent — cx +azure exec', state: nested(''), args: ['+azure', 'exec', 'hi'], status: DENIED, launches: false, says: [`work/.cxrc:2: provider azure is not allowed here (allowed: corp)`] },
  { name: 'nested: no .cxrc in the clone — cx +azure exec', state: nested(null), args: ['+azure', 'exec', 'hi'], status: DENIED, launches: false },
  { name: 'nested: the clone allows azure itself — the parent still refuses', state: nested('[require]\nproviders = ["azure", "corp"]\n'), args: ['+azure', 'exec', 'hi'], status: DENIED, launches: false },
  { name: 'nested three deep, empty .cxrc — cx +azure exec', state: nested('', 3), args: ['+azure', 'exec', 'hi'], status: DENIED, launches: false },
  { name: 'nested: both restrictions hold — cx +corp exec launches', state: nested('[require]\nproviders = ["azure", "corp"]\n'), args: ['+corp', 'exec', 'hi'], status: OK, launches: true, argv: ['-p', 'corp', 'exec', 'hi'] },
  {
    name: 'nested: a trusted clone selecting azure cannot lift the parent',
    state: async (b) => {
      const repo = nested('profile = "azure"\n')(b);
      await trust(b, join(repo, '.cxrc'));
      return repo;
    },
    args: ['exec', 'hi'],
    status: DENIED,
    launches: false,
  },
  {
    name: 'nested: the clone .cxrc is a symlink out of the tree (ignored) — the parent still refuses',
    state: (b) => {
      const repo = nested(null)(b);
      symlinkSync(join(b.home, '.git-credentials'), join(repo, '.cxrc'));
      return repo;
    },
    args: ['+azure', 'exec', 'hi'],
    status: DENIED,
    launches: false,
  },
  {
    name: 'nested: a parent .cxrc that is a FIFO refuses in bounded time (78)',
    state: (b) => {
      fifo(join(b.root, 'shared', '.cxrc'));
      return dir(b, 'shared/clone');
    },
    args: ['exec', 'hi'],
    status: CONFIG,
    launches: false,
  },
  { name: 'nested: a parent .cxrc with a NUL byte refuses (78)', state: (b) => (put(b, 'p/.cxrc', 'profile = "work"\0\n'), dir(b, 'p/clone')), args: ['exec', 'hi'], status: CONFIG, launches: false },
  {
    name: 'nested: an untrusted nearer selection is ignored; the farther trusted one selects',
    state: async (b) => {
      put(b, 'team/.cxrc', 'profile = "work"\n');
      await trust(b, join(b.root, 'team', '.cxrc'));
      put(b, 'team/clone/.cxrc', 'profile = "azure"\n');
      return join(b.root, 'team', 'clone');
    },
    args: ['exec', 'hi'],
    status: OK,
    launches: true,
    argv: ['-p', 'work', 'exec', 'hi'],
    says: ['selects profile azure but is not trusted'],
  },
  {
    name: 'nested: explain shows the untrusted nearer file may not select and the farther trusted one does',
    state: async (b) => {
      put(b, 'team/.cxrc', 'profile = "work"\n');
      await trust(b, join(b.root, 'team', '.cxrc'));
      put(b, 'team/clone/.cxrc', 'profile = "azure"\n');
      return join(b.root, 'team', 'clone');
    },
    args: ['explain', '--verbose', 'exec', 'hi'],
    status: OK,
    launches: false,
    says: ['clone/.cxrc (NOT trusted: may not select)', 'team/.cxrc (trusted: the nearest trusted one selects)', /profile +work from .*team\/\.cxrc:1/],
  },
  {
    name: 'nested under --cx-strict: an untrusted nearer selection refuses, though a farther one is trusted',
    state: async (b) => {
      put(b, 'team/.cxrc', 'profile = "work"\n');
      await trust(b, join(b.root, 'team', '.cxrc'));
      put(b, 'team/clone/.cxrc', 'profile = "azure"\n');
      return join(b.root, 'team', 'clone');
    },
    args: ['--cx-strict', 'exec', 'hi'],
    status: DENIED,
    launches: false,
    says: ['selects profile azure but is not trusted; refusing under strict mode'],
  },
  {
    name: 'nested: explain shows every contributing .cxrc',
    state: nested('[require]\nregions = ["eu-*"]\n', 2),
    args: ['explain', '--verbose', 'exec', 'hi'],
    status: DENIED,
    launches: false,
    says: ['work/.cxrc, with restrictions', 'level2/.cxrc, with restrictions'],
  },

  // Item 5: the run codex performs is the one judged.
  { name: '-C into a restricted directory', state: restricted, args: ['-C', '../restricted', 'exec', 'hi'], status: DENIED, launches: false },
  { name: 'exec -C into a restricted directory', state: restricted, args: ['exec', '-C', '../restricted', 'hi'], status: DENIED, launches: false },
  { name: '--cd=DIR into a restricted directory', state: restricted, args: ['exec', '--cd=../restricted', 'hi'], status: DENIED, launches: false },
  { name: '--cd DIR (absolute) into a restricted directory', state: restricted, args: ['--cd', '/RESTRICTED', 'exec', 'hi'], status: DENIED, launches: false },
  { name: '-C out of a restricted directory into a free one launches', state: (b) => (restricted(b), join(b.root, 'restricted')), args: ['-C', '../outside', 'exec', 'hi'], status: OK, launches: true },
  { name: '--oss past a providers restriction', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['+corp', 'exec', '--oss', '--local-provider', 'ollama', 'hi'], status: DENIED, launches: false, says: ['provider ollama is not allowed'] },
  { name: 'exec --ignore-user-config drops the profile: codex runs openai', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['+corp', 'exec', '--ignore-user-config', 'hi'], status: DENIED, launches: false, says: ['provider openai is not allowed'] },
  { name: '--local-provider without --oss changes nothing', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['+corp', 'exec', '--local-provider', 'ollama', 'hi'], status: OK, launches: true },
  { name: 'a -c key with a leading U+0085 selects the provider codex reads', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['+corp', 'exec', '-c', '\u0085model_provider="azure"', '-c', 'model_providers.azure.env_key="AZ_KEY"', 'hi'], status: DENIED, launches: false },
  { name: 'a -c value with a leading space selects the provider codex reads', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['+corp', 'exec', '-c', 'model_provider= corp', 'hi'], status: OK, launches: true },
  {
    name: 'AWS_REGION in $CODEX_HOME/.env overrides the environment for a regions restriction',
    state: (b) => (writeFileSync(join(b.codexHome, '.env'), 'AWS_REGION=us-east-1\n', { mode: 0o600 }), put(b, 'r/.cxrc', '[require]\nregions = ["eu-*"]\n'), join(b.root, 'r')),
    env: { AWS_REGION: 'eu-west-1' },
    args: ['+bed-noregion', 'exec', 'hi'],
    status: DENIED,
    launches: false,
    says: ['region us-east-1 is not allowed'],
  },
  {
    name: "a codex-trusted project's .codex/config.toml turns web search on past features_off",
    state: (b) => {
      const repo = dir(b, 'proj');
      dir(b, 'proj/.git');
      put(b, 'proj/.codex/config.toml', 'web_search = "live"\n');
      put(b, 'proj/.cxrc', '[require]\nfeatures_off = ["web_search"]\n');
      writeFileSync(join(b.codexHome, 'config.toml'), `web_search = "disabled"\n[projects."${repo}"]\ntrust_level = "trusted"\n`);
      return repo;
    },
    args: ['exec', 'hi'],
    status: DENIED,
    launches: false,
    says: ['web_search must be off here'],
  },
  {
    name: "a codex-trusted project's model_provider is ignored, as codex ignores it",
    state: (b) => {
      const repo = dir(b, 'proj');
      dir(b, 'proj/.git');
      put(b, 'proj/.codex/config.toml', 'model_provider = "azure"\n');
      put(b, 'proj/.cxrc', '[require]\nproviders = ["corp"]\n');
      writeFileSync(join(b.codexHome, 'config.toml'), `[projects."${repo}"]\ntrust_level = "trusted"\n`);
      return repo;
    },
    args: ['+corp', 'exec', 'hi'],
    status: OK,
    launches: true,
  },

  // Item 10: no false refusals.
  {
    name: 'regions = ["eu-*"] with the region from the AWS profile (eu-west-1) launches',
    state: (b) => (put(b, 'home/.aws/config', '[default]\nregion = eu-west-1\n'), put(b, 'r/.cxrc', '[require]\nregions = ["eu-*"]\n'), join(b.root, 'r')),
    args: ['+bed-noregion', 'exec', 'hi'],
    status: OK,
    launches: true,
  },
  {
    name: 'regions = ["eu-*"] with the region from a named AWS profile (us-east-1) is refused',
    state: (b) => (put(b, 'home/.aws/config', '[profile ci]\nregion = us-east-1\n'), put(b, 'r/.cxrc', '[require]\nregions = ["eu-*"]\n'), join(b.root, 'r')),
    env: { AWS_PROFILE: 'ci' },
    args: ['+bed-noregion', 'exec', 'hi'],
    status: DENIED,
    launches: false,
    says: ['region us-east-1 is not allowed'],
  },
  ...[['login', 'status'], ['features', 'list'], ['mcp', 'list'], ['--', 'completion', 'bash'], ['logout']].map((args): Case => ({
    name: `a providers restriction does not refuse \`cx ${args.join(' ')}\` (no model runs)`,
    state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')),
    args,
    status: OK,
    launches: true,
  })),
  { name: 'a providers restriction does not fail cx doctor --cx-only', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['doctor', '--cx-only'], status: OK, launches: false },
  { name: 'a providers restriction still refuses codex cloud (OpenAI runs it)', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["corp"]\n'), join(b.root, 'r')), args: ['+corp', 'cloud'], status: DENIED, launches: false },

  // Item 11: files of another user.
  {
    name: "a .cxrc owned by another user (nobody) is ignored with a warning; its selection does not apply",
    needsRoot: true,
    state: (b) => {
      const path = put(b, 'shared/.cxrc', 'profile = "azure"\n[require]\nproviders = ["azure"]\n');
      chownSync(path, NOBODY, NOBODY);
      return dir(b, 'shared/clone');
    },
    args: ['+work', 'exec', 'hi'],
    status: OK,
    launches: true,
    argv: ['-p', 'work', 'exec', 'hi'],
    says: ['is owned by another user (uid 65534), neither you nor root'],
  },
  {
    name: 'a symlink .cxrc of mine pointing at an in-tree file of another user is ignored',
    needsRoot: true,
    state: (b) => {
      const target = put(b, 'shared/conf/cxrc', '[require]\nproviders = ["azure"]\n');
      chownSync(target, NOBODY, NOBODY);
      symlinkSync('conf/cxrc', join(b.root, 'shared', '.cxrc'));
      return join(b.root, 'shared');
    },
    args: ['+work', 'exec', 'hi'],
    status: OK,
    launches: true,
  },
  {
    name: "another user's .cxrc cannot lift my own parent's restriction",
    needsRoot: true,
    state: (b) => {
      put(b, 'work/.cxrc', '[require]\nproviders = ["corp"]\n');
      const path = put(b, 'work/shared/.cxrc', '[require]\nproviders = ["azure"]\n');
      chownSync(path, NOBODY, NOBODY);
      return dir(b, 'work/shared');
    },
    args: ['+azure', 'exec', 'hi'],
    status: DENIED,
    launches: false,
  },
  {
    name: 'a root-owned .cxrc applies to another user (root is trusted like oneself)',
    needsRoot: true,
    asNobody: true,
    state: (b) => {
      put(b, 'shared/.cxrc', '[require]\nproviders = ["corp"]\n');
      return dir(b, 'shared');
    },
    args: ['+azure', 'exec', 'hi'],
    status: DENIED,
    launches: false,
  },
  { name: 'an in-tree symlinked .cxrc (to conf/cxrc) is read and applies', state: (b) => (put(b, 'r/conf/cxrc', '[require]\nproviders = ["corp"]\n'), symlinkSync('conf/cxrc', join(b.root, 'r', '.cxrc')), join(b.root, 'r')), args: ['+azure', 'exec', 'hi'], status: DENIED, launches: false },
  { name: 'a .cxrc symlinked to ../ (the parent directory) is ignored', state: (b) => (put(b, 'up.cxrc', '[require]\nproviders = ["corp"]\n'), dir(b, 'r'), symlinkSync('../up.cxrc', join(b.root, 'r', '.cxrc')), join(b.root, 'r')), args: ['+azure', 'exec', 'hi'], status: OK, launches: true, says: ['leading out of its directory'] },
  { name: 'a dangling .cxrc symlink is ignored', state: (b) => (dir(b, 'r'), symlinkSync('missing', join(b.root, 'r', '.cxrc')), join(b.root, 'r')), args: ['exec', 'hi'], status: OK, launches: true, says: ['does not resolve'] },
  { name: 'a .cxrc that is a FIFO, in the clone itself, refuses in bounded time', state: (b) => (fifo(join(b.root, 'r', '.cxrc')), join(b.root, 'r')), args: ['explain', 'exec', 'hi'], status: CONFIG, launches: false },
  { name: 'escape sequences in a .cxrc value are never printed raw', state: (b) => (put(b, 'r/.cxrc', '[require]\nproviders = ["\\u001b]2;PWNED\\u0007", "corp"]\n'), join(b.root, 'r')), args: ['explain', 'exec', 'hi'], status: DENIED, launches: false },
  { name: 'a trusted .cxrc selecting an existing profile (control) launches with -p', state: async (b) => (put(b, 'r/.cxrc', 'work\n'), await trust(b, join(b.root, 'r', '.cxrc')), join(b.root, 'r')), args: ['exec', 'hi'], status: OK, launches: true, argv: ['-p', 'work', 'exec', 'hi'] },
];

function output(result: CxResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

describe('the hostile-repository suite', () => {
  it('has at least 45 cases, each a distinct name', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it.skipIf(c.needsRoot === true && !isRoot)(c.name, async () => {
      const b = box(c.cxConfig ?? '');
      const cwd = await c.state(b);
      b.fake.reset();
      const args = c.args.map((arg) => arg.replace('/RESTRICTED', join(b.root, 'restricted')));
      const started = Date.now();
      const result = await cxProcess(b, args, cwd, c.env ?? {}, c.asNobody === true);
      const elapsed = Date.now() - started;
      const text = output(result);

      expect(result.timedOut, 'cx hung').toBe(false);
      expect(elapsed, 'finished within 5 s').toBeLessThan(BOUND_MS);
      expect(result.exitCode, text).toBe(c.status);
      expect(looksLikeStackTrace(result.stderr), result.stderr).toBe(false);
      expect(text).not.toContain(SENTINEL);
      expect(text).not.toContain('x-access-token');
      expect(text, 'a raw control character reached the output').not.toMatch(/\x1b|\x07|\x9b|\x9d/);
      for (const file of writtenFiles(b.root, b.planted)) expect(readFileSync(file, 'latin1'), `${file} holds the sentinel`).not.toContain(SENTINEL);
      const calls = b.fake.calls();
      expect(calls.length, `codex ${c.launches ? 'should' : 'must not'} run`).toBe(c.launches ? 1 : 0);
      if (c.argv) expect(calls[0]).toEqual(c.argv);
      // explain and doctor wrap their lines: what they say is matched with the wrapping undone.
      const flat = text.replace(/\s+/g, ' ');
      for (const said of c.says ?? []) expect(flat).toMatch(typeof said === 'string' ? said.replace(/\s+/g, ' ') : said);
    });
  }
});

describe('the far side: the real codex on a loopback stand-in', () => {
  const standIns: ResponsesStandIn[] = [];
  afterEach(async () => {
    await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
  });

  it('a clone with a .cxrc symlinked to ~/.git-credentials and a token in its remote URL: one turn, no sentinel sent or printed', async () => {
    const standIn = await startResponsesStandIn();
    standIns.push(standIn);
    const b = box();
    writeFileSync(
      join(b.codexHome, 'config.toml'),
      `model_provider = "standin"\nmodel = "m"\n[analytics]\nenabled = false\n[model_providers.standin]\nname = "s"\nbase_url = "${standIn.url}/v1"\nenv_key = "STANDIN_KEY"\nrequest_max_retries = 0\nstream_max_retries = 0\n`,
    );
    const repo = gitWithTokenRemote(b, 'clone');
    symlinkSync(join(b.home, '.git-credentials'), join(repo, '.cxrc'));
    const result = await cxProcess(b, ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'hi'], repo, { CX_CODEX_BIN: NATIVE_CODEX, STANDIN_KEY: 'k' });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(standIn.turns()).toHaveLength(1);
    expect(output(result)).not.toContain(SENTINEL);
    expect(result.stderr).toContain('is a symlink leading out of its directory');
    for (const request of standIn.requests) expect(`${request.path}\n${JSON.stringify(request.headers)}\n${request.rawBody}`).not.toContain(SENTINEL);
  }, 30_000);
});
