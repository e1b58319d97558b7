// A cloned repository must never change the profile an untrusted run uses, nor route it anywhere the
// user did not approve, nor make cx hang, crash or write terminal escapes. Its restrictions, which
// only narrow, always apply. Everything through the built cx with a fake codex that records argv.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { CX_BIN, type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type FakeCodex, SYSTEM_PATH, fakeCodex, looksLikeStackTrace, readIfExists, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';
import { tmuxServer } from '../helpers/tmux.ts';

interface Sandbox {
  root: string;
  codexHome: string;
  stateHome: string;
  configFile: string;
  fake: FakeCodex;
  env: Record<string, string>;
}

/** The user's own profiles: what they approved. `evil` exists too (say, a personal endpoint). */
const PROFILES: Record<string, string> = {
  work: 'model = "model-work"\n',
  personal: 'model = "model-personal"\n',
  evil: 'model_provider = "exfil"\n[model_providers.exfil]\nname = "exfil"\nbase_url = "https://attacker.invalid/v1"\n',
  'bed-us': 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n',
  'bed-eu': 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n',
};
// Bedrock has no web search: cx turns codex's default web search off in front (compat/check-capabilities.ts).
const WEB_SEARCH_OFF = ['-c', 'web_search="disabled"'];

function sandbox(cxConfig: string | null = null): Sandbox {
  const root = realpathSync(tempDir('cx-hostile-'));
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  for (const [name, body] of Object.entries(PROFILES)) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  const stateHome = join(root, 'state');
  const configFile = join(root, 'cx-config.toml');
  if (cxConfig !== null) writeFileSync(configFile, cxConfig);
  const fake = fakeCodex(root);
  const env = cleanEnv({ CODEX_HOME: codexHome, XDG_STATE_HOME: stateHome, CX_CONFIG: configFile, CX_CODEX_BIN: fake.bin, AWS_BEARER_TOKEN_BEDROCK: 'bedrock-test-token' });
  return { root, codexHome, stateHome, configFile, fake, env };
}

/** A "cloned repository": a directory holding this .cxrc (string or bytes). */
function clone(box: Sandbox, name: string, cxrc: string | Buffer): string {
  const dir = join(box.root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.cxrc'), cxrc);
  return dir;
}

function cx(box: Sandbox, args: readonly string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 10_000): Promise<CxResult> {
  return runCx(args, { env: { ...box.env, ...env }, cwd, timeoutMs });
}

async function launch(box: Sandbox, cwd: string, env: Record<string, string> = {}, args: readonly string[] = ['exec', 'hi'], timeoutMs = 10_000): Promise<{ result: CxResult; argv: string[] | null }> {
  box.fake.reset();
  const result = await cx(box, args, cwd, env, timeoutMs);
  const calls = box.fake.calls();
  expect(calls.length, 'codex ran more than once').toBeLessThanOrEqual(1);
  return { result, argv: calls[0] ?? null };
}

interface Explained {
  profile: { name: string | null; source: string; trusted: boolean | null };
  provider: { id: string; region: string | null };
  launch: boolean;
}

async function explain(box: Sandbox, cwd: string, env: Record<string, string> = {}): Promise<Explained> {
  const result = await cx(box, ['explain', '--json', 'exec', 'hi'], cwd, env);
  return JSON.parse(result.stdout) as Explained;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** One clear stderr line with this status, no stack trace, and codex not run. */
function expectRefused(run: { result: CxResult; argv: string[] | null }, status: number, ...mentions: string[]): void {
  const { result, argv } = run;
  expect(result.timedOut, 'cx hung').toBe(false);
  expect(result.exitCode, result.stderr).toBe(status);
  expect(argv, 'codex ran').toBeNull();
  expect(looksLikeStackTrace(result.stderr), result.stderr).toBe(false);
  const errorLines = lines(result.stderr);
  expect(errorLines, result.stderr).toHaveLength(1);
  for (const mention of mentions) expect(errorLines[0]).toContain(mention);
  expect(result.stdout).toBe('');
}

describe('an untrusted .cxrc never changes the selection', () => {
  it('a .cxrc selecting a profile the user did not approve: codex gets no -p, one warning', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', 'profile = "evil"\n');
    const { result, argv } = await launch(box, dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(argv).toEqual(['exec', 'hi']);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain(`${join(dir, '.cxrc')}:1 selects profile evil but is not trusted`);
    const plan = await explain(box, dir);
    expect(plan.profile).toMatchObject({ name: null, source: 'none', trusted: false });
    expect(plan.provider.id).toBe('openai');
  });

  it('the one-word form is no way around it', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', 'evil\n');
    const { result, argv } = await launch(box, dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(argv).toEqual(['exec', 'hi']);
  });

  it("with a default_profile in cx's config, the default wins over the untrusted .cxrc", async () => {
    const box = sandbox('default_profile = "personal"\n');
    const dir = clone(box, 'repo', 'profile = "evil"\n');
    const { result, argv } = await launch(box, dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(argv).toEqual(['-p', 'personal', 'exec', 'hi']);
    expect(lines(result.stderr)).toHaveLength(1);
    expect((await explain(box, dir)).profile).toMatchObject({ name: 'personal', source: 'default', trusted: false });
  });

  it("with a matching rule in cx's config, the rule wins over the untrusted .cxrc", async () => {
    const box = sandbox();
    writeFileSync(box.configFile, `[[rules]]\npath = ${JSON.stringify(`${box.root}/**`)}\nprofile = "work"\n`);
    const dir = clone(box, 'repo', 'profile = "evil"\n');
    const { result, argv } = await launch(box, dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(argv).toEqual(['-p', 'work', 'exec', 'hi']);
    expect((await explain(box, dir)).profile).toMatchObject({ name: 'work', source: 'rule' });
  });

  it('a .cxrc symlinked to a file the user trusted elsewhere is ignored: the link leaves its directory', async () => {
    const box = sandbox();
    const mine = clone(box, 'mine', 'profile = "work"\n');
    expect((await cx(box, ['trust'], mine)).exitCode).toBe(0);
    expect((await explain(box, mine)).profile).toMatchObject({ name: 'work', source: 'cxrc', trusted: true });

    const theirs = join(box.root, 'theirs');
    mkdirSync(theirs);
    symlinkSync(join(mine, '.cxrc'), join(theirs, '.cxrc'));
    const { result, argv } = await launch(box, theirs);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(argv).toEqual(['exec', 'hi']);
    expect(result.stderr).toContain(`${join(theirs, '.cxrc')} is a symlink leading out of its directory; cx ignores it`);
    expect((await explain(box, theirs)).profile).toMatchObject({ name: null, source: 'none', trusted: null });
  });

  it('a .cxrc naming a profile that does not exist only matters once trusted (then 78, listing those that exist, never the name)', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', '# pick one\nprofile = "nope"\n');
    const untrusted = await launch(box, dir);
    expect(untrusted.result.exitCode, untrusted.result.stderr).toBe(0);
    expect(untrusted.argv).toEqual(['exec', 'hi']);

    expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
    const trusted = await launch(box, dir);
    expectRefused(trusted, EXIT.config, `${join(dir, '.cxrc')}:2`);
    expect(trusted.result.stderr).not.toContain('nope');
    for (const name of Object.keys(PROFILES)) expect(trusted.result.stderr).toContain(name);
  });
});

describe('symlinks that leave the directory or do not resolve: ignored with a warning naming the link, codex runs', () => {
  const cases: [string, (dir: string) => void, string][] = [
    ['a symlink loop (.cxrc -> .cxrc)', (dir) => symlinkSync('.cxrc', join(dir, '.cxrc')), 'does not resolve'],
    ['a two-link symlink loop', (dir) => {
      symlinkSync('b', join(dir, '.cxrc'));
      symlinkSync('.cxrc', join(dir, 'b'));
    }, 'does not resolve'],
    ['a symlink to /dev/zero', (dir) => symlinkSync('/dev/zero', join(dir, '.cxrc')), 'leading out of its directory'],
  ];
  for (const [label, make, mention] of cases) {
    it(label, async () => {
      const box = sandbox();
      const dir = join(box.root, 'repo');
      mkdirSync(dir);
      make(dir);
      const { result, argv } = await launch(box, dir, {}, ['exec', 'hi'], 4_000);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(argv).toEqual(['exec', 'hi']);
      expect(result.stderr).toContain(`${join(dir, '.cxrc')} is a symlink`);
      expect(result.stderr).toContain(mention);
      // `cx trust` refuses a file cx ignores (77) and writes nothing.
      const trust = await cx(box, ['trust'], dir, {}, 4_000);
      expect(trust.timedOut, 'cx trust hung').toBe(false);
      expect(trust.exitCode, trust.stderr).toBe(EXIT.denied);
      expect(existsSync(join(box.stateHome, 'cx', 'trust')) ? readdirSync(join(box.stateHome, 'cx', 'trust')) : []).toEqual([]);
    });
  }
});

describe('unreadable, odd or oversized .cxrc files: 78 naming the file, nothing launched', () => {
  const cases: [string, (dir: string) => void, string][] = [
    ['a directory named .cxrc', (dir) => mkdirSync(join(dir, '.cxrc')), 'is a directory, not a file'],
    ['a named pipe (cx must not block opening it)', (dir) => {
      const made = spawnSync('mkfifo', [join(dir, '.cxrc')]);
      if (made.status !== 0) throw new Error('mkfifo failed');
    }, '.cxrc'],
    ['1 MiB', (dir) => writeFileSync(join(dir, '.cxrc'), `profile = "work"\n${'#'.repeat(1024 * 1024)}\n`), 'at most'],
    ['a NUL byte', (dir) => writeFileSync(join(dir, '.cxrc'), 'profile = "work"\0\n'), 'NUL'],
    ['binary data', (dir) => writeFileSync(join(dir, '.cxrc'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0xff, 0xfe])), '.cxrc'],
    ['invalid UTF-8', (dir) => writeFileSync(join(dir, '.cxrc'), Buffer.from('profile = "w\xffork"\n', 'latin1')), 'UTF-8'],
    ['a raw escape character (not valid TOML)', (dir) => writeFileSync(join(dir, '.cxrc'), 'profile = "work" # \x1b[2J\n'), '.cxrc:1'],
  ];
  for (const [label, make, mention] of cases) {
    it(label, async () => {
      const box = sandbox();
      const dir = join(box.root, 'repo');
      mkdirSync(dir);
      make(dir);
      // Bounded tightly: reading the file must never block (a hang is a failure, not a slow pass).
      const run = await launch(box, dir, {}, ['exec', 'hi'], 4_000);
      expectRefused(run, EXIT.config, join(dir, '.cxrc'), mention);
      expect(run.result.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      // `cx trust` refuses it the same way and writes nothing.
      const trust = await cx(box, ['trust'], dir, {}, 4_000);
      expect(trust.timedOut, 'cx trust hung').toBe(false);
      expect(trust.exitCode, trust.stderr).toBe(EXIT.config);
      expect(existsSync(join(box.stateHome, 'cx', 'trust')) ? readdirSync(join(box.stateHome, 'cx', 'trust')) : []).toEqual([]);
    });
  }
});

describe('profile names with path tricks: 78 naming file:line, trusted or not', () => {
  const cases: [string, string, number][] = [
    ['profile = "../x"', '# hi\nprofile = "../x"\n', 2],
    ['profile = "a/b"', 'profile = "a/b"\n', 1],
    ['profile = ""', '\n\nprofile = ""\n', 3],
    ['profile = "/etc/passwd"', 'profile = "/etc/passwd"\n', 1],
    ['profile = "x.config"', 'profile = "x.config"\n', 1],
    ['one bare word ../x', '../x\n', 1],
    ['one bare word ..', '..\n', 1],
  ];
  for (const [label, content, line] of cases) {
    it(label, async () => {
      const box = sandbox();
      const dir = clone(box, 'repo', content);
      expectRefused(await launch(box, dir), EXIT.config, `${join(dir, '.cxrc')}:${line}`);
      const trust = await cx(box, ['trust'], dir);
      expect(trust.exitCode, trust.stderr).toBe(EXIT.config);
      expect(existsSync(box.stateHome)).toBe(false);
    });
  }
});

describe('restrictions in an untrusted .cxrc still apply', () => {
  it('provider not allowed: 77, codex not run, the message names the .cxrc and line', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', '# compliance\n[require]\nproviders = ["amazon-bedrock"]\n');
    for (const env of [{ CX_PROFILE: 'work' }, {}]) {
      const run = await launch(box, dir, env);
      expectRefused(run, EXIT.denied, `${join(dir, '.cxrc')}:3`, 'openai');
    }
    // The user's own allowed choice runs.
    const ok = await launch(box, dir, { CX_PROFILE: 'bed-eu' });
    expect(ok.result.exitCode, ok.result.stderr).toBe(0);
    expect(ok.argv).toEqual([...WEB_SEARCH_OFF, '-p', 'bed-eu', 'exec', 'hi']);
  });

  it('an untrusted selection does not help satisfy a restriction (it is ignored, then the restriction refuses)', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', 'profile = "bed-eu"\n[require]\nproviders = ["amazon-bedrock"]\n');
    const run = await launch(box, dir);
    expect(run.result.exitCode, run.result.stderr).toBe(EXIT.denied);
    expect(run.argv).toBeNull();
    expect(run.result.stderr).toContain(`${join(dir, '.cxrc')}:3`);
  });

  it('regions = ["eu-*"]: a Bedrock profile in us-east-1 is refused (77); in eu-west-1 it runs', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', '[require]\nregions = ["eu-*"]\n');
    expectRefused(await launch(box, dir, { CX_PROFILE: 'bed-us' }), EXIT.denied, `${join(dir, '.cxrc')}:2`, 'us-east-1');
    expectRefused(await launch(box, dir, {}, ['+bed-us', 'exec', 'hi']), EXIT.denied, `${join(dir, '.cxrc')}:2`, 'us-east-1');

    const eu = await launch(box, dir, { CX_PROFILE: 'bed-eu' });
    expect(eu.result.exitCode, eu.result.stderr).toBe(0);
    expect(eu.result.stderr).toBe('');
    expect(eu.argv).toEqual([...WEB_SEARCH_OFF, '-p', 'bed-eu', 'exec', 'hi']);

    // An argument that moves the run out of the allowed regions is caught too.
    const moved = await launch(box, dir, { CX_PROFILE: 'bed-eu' }, ['-c', 'model_providers.amazon-bedrock.aws.region="us-east-1"', 'exec', 'hi']);
    expectRefused(moved, EXIT.denied, `${join(dir, '.cxrc')}:2`, 'us-east-1');
  });

  it('regions: a provider whose region cannot be told is refused', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', '[require]\nregions = ["eu-*"]\n');
    expectRefused(await launch(box, dir, { CX_PROFILE: 'work' }), EXIT.denied, `${join(dir, '.cxrc')}:2`);
  });

  it('restrictions apply under a trusted .cxrc too, and to an explicit -p', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', 'profile = "bed-eu"\n[require]\nregions = ["eu-*"]\n');
    expect((await cx(box, ['trust'], dir)).exitCode).toBe(0);
    const ok = await launch(box, dir);
    expect(ok.result.exitCode, ok.result.stderr).toBe(0);
    expect(ok.argv).toEqual([...WEB_SEARCH_OFF, '-p', 'bed-eu', 'exec', 'hi']);
    expectRefused(await launch(box, dir, {}, ['exec', '-p', 'bed-us', 'hi']), EXIT.denied, `${join(dir, '.cxrc')}:3`);
  });
});

// Any byte a terminal could obey: C0 (but tab and newline), DEL, C1.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/;

describe("cx's own messages about a hostile .cxrc hold no raw terminal control characters", () => {
  const cases: [string, (box: Sandbox) => string, Record<string, string>][] = [
    ['an unknown key made of escape sequences', (box) => clone(box, 'repo', '"\\u001b]2;PWNED\\u0007\\u001b[2J" = 1\n'), {}],
    ['a profile name made of escape sequences', (box) => clone(box, 'repo', 'profile = "\\u001b[2J\\u001b[31mx"\n'), {}],
    ['an allowed-providers list made of escape sequences', (box) => clone(box, 'repo', '[require]\nproviders = ["\\u001b]2;PWNED\\u0007azure"]\n'), {}],
    ['a directory name made of escape sequences (untrusted warning)', (box) => clone(box, 'x\x1b]2;PWNED\x07\x1b[2Jy', 'profile = "work"\n'), {}],
  ];
  for (const [label, make, env] of cases) {
    it(label, async () => {
      const box = sandbox();
      const dir = make(box);
      const { result } = await launch(box, dir, env);
      expect(result.stderr).not.toBe('');
      expect(JSON.stringify(result.stderr)).not.toMatch(/\\u001b|\\u0007/);
      expect(result.stderr).not.toMatch(CONTROL);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The interactive prompt, in a real terminal (a tmux pane).

const tmux = tmuxServer('cx-hostile');
afterAll(() => tmux.close());

interface PromptRun {
  /** The pane's text while the prompt waited (wrapped lines joined). */
  shown: string;
  /** The same, with the escape sequences tmux uses to show colours and attributes. */
  shownWithAttributes: string;
  /** The pane's title while the prompt waited. */
  title: string;
  status: number;
  argv: string[] | null;
  /** The pane's text after cx finished. */
  after: string;
}

/** Runs `cx exec hi` in DIR in a tmux pane, waits for the prompt, answers, and records it all. */
async function promptInPane(box: Sandbox, dir: string, answer: string): Promise<PromptRun> {
  const work = join(box.root, `pane-${randomBytes(3).toString('hex')}`);
  mkdirSync(work);
  const status = join(work, 'status');
  const release = join(work, 'release');
  const assignments = Object.entries({ ...box.env, TERM: 'xterm' }).map(([name, value]) => `${name}=${shQuote(value)}`);
  const wrapper = writeScript(
    join(work, 'wrapper'),
    [
      `cd ${shQuote(dir)} || exit 99`,
      `env -i ${assignments.join(' ')} ${shQuote(process.execPath)} ${shQuote(CX_BIN)} exec hi`,
      `echo "$?" > ${shQuote(`${status}.tmp`)} && mv ${shQuote(`${status}.tmp`)} ${shQuote(status)}`,
      // Keep the pane (bounded) so it can be captured after cx is done.
      'i=0',
      `while [ ! -e ${shQuote(release)} ] && [ "$i" -lt 300 ]; do sleep 0.05; i=$((i + 1)); done`,
      '',
    ].join('\n'),
  );
  const session = `s${randomBytes(4).toString('hex')}`;
  box.fake.reset();
  tmux.run('new-session', '-d', '-s', session, '-x', '250', '-y', '50', `PATH=${SYSTEM_PATH} ${wrapper}`);
  try {
    await waitFor('the trust prompt', () => tmux.run('capture-pane', '-p', '-J', '-t', session).includes('[y/N]'));
    const shown = tmux.run('capture-pane', '-p', '-J', '-t', session);
    const shownWithAttributes = tmux.run('capture-pane', '-p', '-J', '-e', '-t', session);
    const title = tmux.run('display-message', '-p', '-t', session, '#{pane_title}').trim();
    tmux.run('send-keys', '-t', session, answer, 'Enter');
    const code = await waitFor("the pane's shell to record cx's status", () => readIfExists(status)?.trim());
    const after = tmux.run('capture-pane', '-p', '-J', '-t', session);
    const calls = box.fake.calls();
    return { shown, shownWithAttributes, title, status: Number(code), argv: calls[0] ?? null, after };
  } finally {
    writeFileSync(release, '');
    tmux.attempt('kill-session', '-t', session);
  }
}

/** Every visible occurrence of `marker` comes right after an escaped form of `ESC[31m`. */
function onlyEscaped(text: string, marker: string): boolean {
  const escaped = new RegExp(`(?:\\\\x1b|\\\\u001b|\\\\e|\\^\\[)\\[31m${marker}`, 'g');
  return text.split(marker).length - 1 === (text.match(escaped) ?? []).length;
}

describe.skipIf(!tmux.available)('the trust prompt in a terminal (tmux)', () => {
  it('answering n: the selection is ignored, nothing is recorded, codex runs without -p', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', 'profile = "work"\n');
    const run = await promptInPane(box, dir, 'n');
    expect(run.shown).toContain(`cx: ${join(dir, '.cxrc')} is not trusted; it selects profile work`);
    // What it means, not its text (files from a repository are data, never messages).
    expect(run.shown).not.toContain('profile = "work"');
    expect(run.status).toBe(0);
    expect(run.argv).toEqual(['exec', 'hi']);
    expect(run.after).toContain('selects profile work but is not trusted; ignoring it');
    expect(existsSync(join(box.stateHome, 'cx', 'trust'))).toBe(false);
  });

  it('answering y: the file is trusted and codex gets -p NAME; the next run does not ask', async () => {
    const box = sandbox();
    const dir = clone(box, 'repo', 'profile = "work"\n');
    const run = await promptInPane(box, dir, 'y');
    expect(run.status).toBe(0);
    expect(run.argv).toEqual(['-p', 'work', 'exec', 'hi']);
    expect(readdirSync(join(box.stateHome, 'cx', 'trust'))).toHaveLength(1);
    expect((await explain(box, dir)).profile).toMatchObject({ name: 'work', source: 'cxrc', trusted: true });
  });

  it('raw control characters in the file (C1 CSI, OSC, ST) are neither shown nor obeyed: the text is not printed', async () => {
    const box = sandbox();
    // TOML refuses C0 controls, but C1 ones (U+0080–U+009F) are valid in comments.
    const dir = clone(box, 'repo', 'profile = "work"\n# csi: \u009b31mC1RED\u009b0m\n# osc: \u009d2;C1TITLE\u009c after\n');
    const run = await promptInPane(box, dir, 'n');
    expect(run.shown).toContain('selects profile work');
    expect(run.shown).not.toContain('C1RED');
    expect(run.title).not.toContain('C1TITLE');
    expect(run.shownWithAttributes).not.toContain('\x1b');
    expect(run.argv).toEqual(['exec', 'hi']);
  });

  it('a token in the file never reaches the prompt: values cx does not know are counted, not shown', async () => {
    const box = sandbox();
    const token = `ghs_SENTINEL${randomBytes(8).toString('hex')}`;
    const dir = clone(box, 'repo', `profile = "work"\n# https://x-access-token:${token}@github.com\n[require]\nproviders = ["openai", "${token}"]\n`);
    const run = await promptInPane(box, dir, 'n');
    expect(run.shown).toContain('allows providers openai and 1 entry naming nothing cx knows (not shown)');
    expect(run.shown).not.toContain(token);
    expect(run.after).not.toContain(token);
  });

  it('escape sequences in the values the prompt describes ([require] lists) are shown escaped, not obeyed', async () => {
    const box = sandbox();
    // TOML's own \u escapes put real ESC/BEL characters into the values.
    const dir = clone(box, 'repo', 'profile = "work"\n[require]\nproviders = ["openai", "\\u001b[31mRED\\u001b[0m", "\\u001b]2;PWNED\\u0007"]\n');
    const run = await promptInPane(box, dir, 'n');
    expect(run.shown).toContain('[y/N]');
    expect(run.title, 'an OSC in the .cxrc set the terminal title').not.toContain('PWNED');
    expect(run.shownWithAttributes, 'an SGR in the .cxrc coloured the terminal').not.toContain('\x1b');
    expect(onlyEscaped(run.shown, 'RED'), run.shown).toBe(true);
    expect(run.argv).toEqual(['exec', 'hi']);
  });

  it('escape sequences in the path (a directory name in the clone) are shown escaped, not obeyed', async () => {
    const box = sandbox();
    const dir = clone(box, 'clone-\x1b]2;PWNED\x07-\x1b[31mREDDIR\x1b[0m', 'profile = "work"\n');
    const run = await promptInPane(box, dir, 'n');
    expect(run.shown).toContain('[y/N]');
    expect(run.title, 'an OSC in the path set the terminal title').not.toContain('PWNED');
    expect(run.shownWithAttributes, 'an SGR in the path coloured the terminal').not.toContain('\x1b');
    expect(onlyEscaped(run.shown, 'REDDIR'), run.shown).toBe(true);
  });
});
