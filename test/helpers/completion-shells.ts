// cx's completion scripts driven in the real shells (testing-real-parts.md, "Shell completions"):
// bash through COMP_WORDS/COMPREPLY with bash-completion loaded, fish through `complete -C`, zsh
// through an interactive `zsh -f` on a pty (zpty) where compadd is overridden to print what would
// be offered. Each shell finds the built cx as `cx` on PATH (a wrapper in a temp dir) and the real
// codex through CX_CODEX_BIN; nothing else of the machine's is on PATH but /usr/bin and /bin.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CX_COMMANDS, CX_OPTIONS } from '../../src/cli/split-argv.ts';
import { CX_BIN, NATIVE_CODEX, ROOT, runProgram, tempDir } from './cx-process.ts';
import { shQuote, writeScript } from './fake-codex.ts';
import { startPrivateKeyring } from './private-keyring.ts';

export const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';
const ZSH = '/usr/bin/zsh';
const FISH = '/usr/bin/fish';
const ROOT_COMPLETIONS = join(ROOT, 'completions');

/** Which shells can be driven here (CI installs all three: .ci/run). */
export const SHELLS = {
  bash: existsSync(BASH_COMPLETION),
  zsh: existsSync(ZSH),
  fish: existsSync(FISH),
};

/** dbus and gnome-keyring, for a private keyring (test/setup/with-keyring.sh). */
const HAS_KEYRING_TOOLS = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every((tool) => existsSync(tool));

/** How long one completion query may take (zsh's is ~0.7 s; more on a busy machine). */
const QUERY_TIMEOUT_MS = 20_000;

export interface ShellWorld {
  /** A directory holding `cx`: a wrapper running the built bin/cx.js under this Node. */
  bin: string;
  /** The environment for a shell: clean HOME, CODEX_HOME as given, the real codex as CX_CODEX_BIN. */
  env(codexHome: string, extra?: Record<string, string>): Record<string, string>;
}

export function shellWorld(): ShellWorld {
  const root = tempDir('cx-compl-');
  const bin = join(root, 'bin');
  writeScript(join(bin, 'cx'), `exec ${shQuote(process.execPath)} ${shQuote(CX_BIN)} "$@"\n`);
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  return {
    bin,
    env: (codexHome, extra = {}) => ({
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      LANG: 'C.UTF-8',
      CODEX_HOME: codexHome,
      CX_CODEX_BIN: NATIVE_CODEX,
      ...extra,
    }),
  };
}

/** A CODEX_HOME with a profile file (`work`) and a legacy table (`legacy-team`) in config.toml. */
export function codexHomeWithProfiles(): string {
  const home = tempDir('cx-compl-codex-');
  writeFileSync(join(home, 'config.toml'), 'model = "o3"\n\n[profiles.legacy-team]\nmodel = "gpt-5"\n');
  writeFileSync(join(home, 'work.config.toml'), 'model = "gpt-5-codex"\n');
  return home;
}

/** A CODEX_HOME with a config.toml that is not TOML (and a profile file beside it). */
export function malformedCodexHome(): string {
  const home = tempDir('cx-compl-bad-');
  writeFileSync(join(home, 'config.toml'), '[profiles\nmodel = = "x"\n');
  writeFileSync(join(home, 'work.config.toml'), 'model = "gpt-5-codex"\n');
  return home;
}

/** An existing CODEX_HOME with nothing in it. */
export function emptyCodexHome(): string {
  return tempDir('cx-compl-empty-');
}

export interface ShellResult {
  /** What the shell offers, in its order. */
  matches: string[];
  /** Anything else the shell printed (stderr; for zsh, the terminal's other lines). */
  noise: string;
}

/** Runs `cx completion SHELL` and saves the script; throws when cx fails or complains. */
export async function savedScript(shell: 'bash' | 'zsh' | 'fish', env: Record<string, string>, path: string): Promise<string> {
  const result = await runProgram(join(env['PATH']?.split(':')[0] ?? '', 'cx'), ['completion', shell], { env });
  if (result.exitCode !== 0 || result.stderr !== '') throw new Error(`cx completion ${shell}: exit ${result.exitCode}: ${result.stderr}`);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${result.stdout}\n`);
  return path;
}

const BASH_DRIVER = `
source ${shQuote(BASH_COMPLETION)}
script=$1; shift
source "$script"
COMP_WORDS=("$@")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"
COMP_POINT=\${#COMP_LINE}
_cx cx "\${COMP_WORDS[COMP_CWORD]}" "\${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "\${COMPREPLY[@]}"
`;

/**
 * bash: COMP_WORDS as given (the last is the word under the cursor, "" for a new word; bash splits
 * at COMP_WORDBREAKS, so `--profile=x` is `--profile`, `=`, `x`), then cx's function.
 */
export async function bashComplete(script: string, words: readonly string[], env: Record<string, string>): Promise<ShellResult> {
  const result = await runProgram('bash', ['--norc', '--noprofile', '-c', BASH_DRIVER, 'bash', script, ...words], { env, timeoutMs: QUERY_TIMEOUT_MS });
  if (result.exitCode !== 0) throw new Error(`bash exited ${result.exitCode}: ${result.stderr}`);
  return { matches: result.stdout.split('\n').filter((l) => l !== ''), noise: result.stderr };
}

function fishQuote(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** fish: what `complete -C LINE` offers (the candidate, without its description). */
export async function fishComplete(script: string, line: string, env: Record<string, string>): Promise<ShellResult> {
  const command = `source ${fishQuote(script)}; complete -C ${fishQuote(line)}`;
  const result = await runProgram(FISH, ['--no-config', '-c', command], { env, timeoutMs: QUERY_TIMEOUT_MS });
  if (result.exitCode !== 0) throw new Error(`fish exited ${result.exitCode}: ${result.stderr}`);
  return { matches: result.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] ?? ''), noise: result.stderr };
}

/** The zsh driver: an interactive `zsh -f` on a pty; see the file. */
const ZSH_DRIVER = join(ROOT, 'test', 'helpers', 'zsh-complete.zsh');

export interface ZshSetup {
  /** A directory put first on $fpath before compinit (holding `_cx`), or null. */
  fpath: string | null;
  /** A file sourced after compinit (`source <(cx completion zsh)`), or null. */
  source: string | null;
}

let zcompdumps: string | null = null;

/**
 * The dump file compinit keeps for SETUP's $fpath, as a user's ~/.zcompdump: a compinit that scans
 * every function on $fpath costs ~0.4 s of CPU, one that reads a valid dump ~0.02 s. compinit
 * itself rebuilds it when the functions on $fpath change; one per $fpath, never shared between two.
 */
function zcompdump(setup: ZshSetup): string {
  zcompdumps ??= tempDir('cx-zcompdump-');
  return join(zcompdumps, createHash('sha256').update(setup.fpath ?? '').digest('hex').slice(0, 16));
}

/** zsh: what an interactive shell offers for LINE<TAB>. */
export async function zshComplete(setup: ZshSetup, line: string, env: Record<string, string>): Promise<ShellResult> {
  const result = await runProgram(ZSH, ['-f', ZSH_DRIVER, line], {
    env: { ...env, CX_TEST_FPATH: setup.fpath ?? '', CX_TEST_SOURCE: setup.source ?? '', CX_TEST_ZCOMPDUMP: zcompdump(setup) },
    timeoutMs: QUERY_TIMEOUT_MS,
  });
  if (result.exitCode !== 0) throw new Error(`zsh exited ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}: ${result.stderr}`);
  const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
  return {
    matches: lines.filter((l) => l.startsWith('MATCH:')).map((l) => l.slice('MATCH:'.length)),
    noise: [...lines.filter((l) => !l.startsWith('MATCH:')), result.stderr].join('\n').trim(),
  };
}

export type Shell = 'bash' | 'zsh' | 'fish';

/** bash's words for a line: split at blanks, and at `=` as COMP_WORDBREAKS does; "" for a new word. */
export function bashWords(line: string): string[] {
  return line.split(' ').flatMap((chunk) => (chunk === '' ? [''] : chunk.split(/(=)/).filter((part) => part !== '')));
}

/** How cx's script is installed in the shell. */
export interface Installed {
  shell: Shell;
  /** bash and fish: the script sourced; zsh: the fpath directory (or the sourced file). */
  complete(line: string, env: Record<string, string>): Promise<ShellResult>;
}

/**
 * The script `cx completion SHELL` prints, installed as README says (zsh: `_cx` on $fpath), or with
 * `how: 'static'` the file from completions/ alone, or for zsh `how: 'sourced'` after compinit.
 */
export async function install(shell: Shell, how: 'printed' | 'static' | 'sourced', env: Record<string, string>): Promise<Installed> {
  const dir = tempDir(`cx-${shell}-script-`);
  let path: string;
  if (how === 'static') {
    path = join(ROOT_COMPLETIONS, `cx.${shell}`);
    if (shell === 'zsh') {
      path = join(dir, '_cx');
      writeFileSync(path, readFileSync(join(ROOT_COMPLETIONS, 'cx.zsh')));
    }
  } else {
    path = await savedScript(shell, env, join(dir, shell === 'zsh' ? '_cx' : `cx.${shell}`));
  }
  const file = path;
  return {
    shell,
    complete: (line, env2) => {
      if (shell === 'bash') return bashComplete(file, bashWords(line), env2);
      if (shell === 'fish') return fishComplete(file, line, env2);
      return zshComplete(how === 'sourced' ? { fpath: null, source: file } : { fpath: dir, source: null }, line, env2);
    },
  };
}

/** The long flags of `codex exec`, read from the real codex's own bash script (the ground truth). */
export async function codexExecLongFlags(): Promise<string[]> {
  const result = await runProgram(NATIVE_CODEX, ['completion', 'bash'], { env: { PATH: '/usr/bin:/bin', HOME: tempDir('cx-codex-home-') } });
  const opts = /\n\s*codex__exec\)\n\s*opts="([^"]*)"/.exec(result.stdout)?.[1];
  if (opts === undefined) throw new Error("codex's bash script has no codex__exec case");
  return opts.split(' ').filter((w) => w.startsWith('--'));
}

/**
 * A `codex` standing for a newer release: the real codex, but its completion scripts have one more
 * subcommand, `zz-future` (the first words of the top-level lists, as clap writes them).
 */
export function newerCodex(): string {
  const path = join(tempDir('cx-newer-codex-'), 'codex');
  const source = `#!${process.execPath}
'use strict';
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
const real = spawnSync(${JSON.stringify(NATIVE_CODEX)}, args, { encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] });
let out = real.stdout;
if (args[0] === 'completion') {
  if (args[1] === 'bash') out = out.replace(' [PROMPT] agents ', ' [PROMPT] zz-future agents ');
  if (args[1] === 'zsh') out = out.replace("'agents:Open the agent", "'zz-future:A command of a newer codex' \\\\\\n'agents:Open the agent");
  if (args[1] === 'fish') out += 'complete -c codex -n "__fish_codex_needs_command" -f -a "zz-future" -d "A command of a newer codex"\\n';
}
process.stdout.write(out);
process.exitCode = real.status ?? 1;
`;
  writeFileSync(path, source, { mode: 0o755 });
  return path;
}

/** The cases every shell must pass (test/completions/{bash,zsh,fish}.test.ts). */
export function describeCompletions(shell: Shell): void {
  // Up to a dozen queries a test, each a shell start (zsh's ~0.7 s, more on a busy machine).
  describe.skipIf(!SHELLS[shell])(`${shell} completion of cx${SHELLS[shell] ? '' : ` (SKIPPED: ${shell} not installed)`}`, { timeout: 180_000 }, () => {
    const world = shellWorld();
    const profiles = codexHomeWithProfiles();
    const env = world.env(profiles);
    let printed: Installed;
    let execFlags: string[];
    beforeAll(async () => {
      printed = await install(shell, 'printed', env);
      execFlags = await codexExecLongFlags();
    });
    const sorted = (words: readonly string[]): string[] => [...words].sort();
    const quiet = (result: ShellResult): ShellResult => {
      expect(result.noise).toBe('');
      return result;
    };

    it("`cx <TAB>` offers cx's command words and codex's subcommands, not the hidden __complete", async () => {
      const { matches } = quiet(await printed.complete('cx ', env));
      expect(matches).toEqual(expect.arrayContaining([...CX_COMMANDS, 'exec', 'login', 'resume', 'features']));
      expect(matches).not.toContain('__complete');
    });

    it('`cx +<TAB>` offers +NAME for a profile file and a legacy table', async () => {
      expect(sorted(quiet(await printed.complete('cx +', env)).matches)).toEqual(['+legacy-team', '+work']);
      expect(quiet(await printed.complete('cx +w', env)).matches).toEqual(['+work']);
    });

    it('`cx exec -p <TAB>`, `cx --profile <TAB>` and `cx --profile=<TAB>` offer the profiles', async () => {
      expect(sorted(quiet(await printed.complete('cx exec -p ', env)).matches)).toEqual(['legacy-team', 'work']);
      expect(sorted(quiet(await printed.complete('cx --profile ', env)).matches)).toEqual(['legacy-team', 'work']);
      expect(sorted(quiet(await printed.complete('cx +work -m o3 exec --json -p le', env)).matches)).toEqual(['legacy-team']);
      // bash completes the word after `=` (COMP_WORDBREAKS); zsh and fish the whole word.
      const equals = shell === 'bash' ? ['legacy-team', 'work'] : ['--profile=legacy-team', '--profile=work'];
      expect(sorted(quiet(await printed.complete('cx exec --profile=', env)).matches)).toEqual(equals);
    });

    it("`cx exec --<TAB>` offers codex exec's flags, as codex's own script lists them", async () => {
      const { matches } = quiet(await printed.complete('cx exec --', env));
      expect(matches).toEqual(expect.arrayContaining(['--skip-git-repo-check', '--json']));
      expect(sorted([...new Set(matches)])).toEqual(sorted(execFlags));
      expect(quiet(await printed.complete('cx +work --cx-strict exec --sk', env)).matches).toEqual(['--skip-git-repo-check']);
      expect(quiet(await printed.complete('cx explain --json exec --skip-g', env)).matches).toEqual(['--skip-git-repo-check']);
    });

    it("cx's options and the arguments of cx's commands", async () => {
      expect(sorted(quiet(await printed.complete('cx --cx-', env)).matches)).toEqual(sorted(CX_OPTIONS));
      expect(sorted(quiet(await printed.complete('cx secret ', env)).matches)).toEqual(['get', 'ls', 'rm', 'set']);
      expect(sorted(quiet(await printed.complete('cx secret get --profile ', env)).matches)).toEqual(['legacy-team', 'work']);
      expect(sorted(quiet(await printed.complete('cx secret get --', env)).matches)).toEqual(['--profile', '--reveal']);
      expect(sorted(quiet(await printed.complete('cx completion ', env)).matches)).toEqual(['bash', 'fish', 'zsh']);
      expect(sorted(quiet(await printed.complete('cx shim ', env)).matches)).toEqual(['install', 'uninstall']);
      expect(sorted(quiet(await printed.complete('cx doctor --', env)).matches)).toEqual(['--cx-only', '--json']);
      expect(quiet(await printed.complete('cx doctor --json +w', env)).matches).toEqual(['+work']);
      expect(sorted(quiet(await printed.complete('cx migrate --', env)).matches)).toEqual(['--json', '--write']);
      expect(quiet(await printed.complete('cx profiles --', env)).matches).toEqual(['--json']);
      expect(quiet(await printed.complete('cx explain --j', env)).matches).toEqual(['--json']);
    });

    it('`cx trust <TAB>` offers files', async () => {
      const dir = tempDir('cx-trust-dir-');
      writeFileSync(join(dir, '.cxrc'), 'profile = "work"\n');
      const { matches } = quiet(await printed.complete(`cx trust ${dir}/.cx`, env));
      expect(matches).toEqual([`${dir}/.cxrc`]);
    });

    it('a CODEX_HOME with no profiles, or none at all: nothing after +, no error text', async () => {
      for (const home of [emptyCodexHome(), join(emptyCodexHome(), 'missing')]) {
        const bare = world.env(home);
        expect(quiet(await printed.complete('cx +', bare)).matches).toEqual([]);
        expect(quiet(await printed.complete('cx exec -p ', bare)).matches).toEqual([]);
        expect(quiet(await printed.complete('cx ', bare)).matches).toEqual(expect.arrayContaining([...CX_COMMANDS, 'exec']));
      }
    });

    it('a malformed config.toml: no profiles offered, no error text, everything else completes', async () => {
      const bad = world.env(malformedCodexHome());
      expect(quiet(await printed.complete('cx +', bad)).matches).toEqual([]);
      expect(quiet(await printed.complete('cx exec --profile ', bad)).matches).toEqual([]);
      expect(quiet(await printed.complete('cx ', bad)).matches).toEqual(expect.arrayContaining([...CX_COMMANDS, 'exec']));
      expect(quiet(await printed.complete('cx exec --sk', bad)).matches).toEqual(['--skip-git-repo-check']);
    });

    it("the file in completions/ alone loads codex's completions from the real codex at the first TAB", async () => {
      const alone = await install(shell, 'static', env);
      expect(quiet(await alone.complete('cx exec --sk', env)).matches).toEqual(['--skip-git-repo-check']);
      expect(sorted(quiet(await alone.complete('cx +', env)).matches)).toEqual(['+legacy-team', '+work']);
    });

    // The shells' PATH is the wrapper's directory, /usr/bin and /bin: no codex there on CI.
    const codexOnSystemPath = ['/usr/bin/codex', '/bin/codex'].some((path) => existsSync(path));
    it.skipIf(codexOnSystemPath)("without a codex to be found, cx's own words still complete, with no error text", async () => {
      const { CX_CODEX_BIN: _unused, ...noCodex } = env;
      const alone = await install(shell, 'static', noCodex);
      expect(sorted(quiet(await alone.complete('cx ', noCodex)).matches)).toEqual(sorted(CX_COMMANDS));
      expect(sorted(quiet(await alone.complete('cx +', noCodex)).matches)).toEqual(['+legacy-team', '+work']);
      expect(quiet(await alone.complete('cx exec --sk', noCodex)).matches).toEqual([]);
    });

    it("a newer codex's commands complete without a new cx", async () => {
      const newer = world.env(profiles, { CX_CODEX_BIN: newerCodex() });
      const script = await install(shell, 'printed', newer);
      expect(quiet(await script.complete('cx zz', newer)).matches).toEqual(['zz-future']);
      const alone = await install(shell, 'static', newer);
      expect(quiet(await alone.complete('cx zz', newer)).matches).toEqual(['zz-future']);
    });

    it.skipIf(!HAS_KEYRING_TOOLS)('`cx secret get|rm <TAB>` offers the names stored in the keyring, by scope', async () => {
      const keyring = await startPrivateKeyring();
      try {
        const withBus = { ...env, DBUS_SESSION_BUS_ADDRESS: keyring.bus };
        for (const [name, profile] of [['OPENAI_API_KEY', null], ['AZURE_KEY', 'work']] as const) {
          const set = await runProgram(join(world.bin, 'cx'), ['secret', 'set', name, ...(profile ? ['--profile', profile] : [])], { env: withBus, input: 'not-a-real-value' });
          expect(set.exitCode, set.stderr).toBe(0);
        }
        expect(quiet(await printed.complete('cx secret get ', withBus)).matches).toEqual(['OPENAI_API_KEY']);
        expect(quiet(await printed.complete('cx secret rm O', withBus)).matches).toEqual(['OPENAI_API_KEY']);
        expect(quiet(await printed.complete('cx secret rm --profile work ', withBus)).matches).toEqual(['AZURE_KEY']);
        expect(sorted(quiet(await printed.complete('cx secret get --profile work ', withBus)).matches)).toEqual(['AZURE_KEY', 'OPENAI_API_KEY']);
        expect(quiet(await printed.complete('cx secret get OPENAI_API_KEY ', withBus)).matches).toEqual([]);
        // The keyring gone (its bus address dead): nothing, and no error text.
        const dead = { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tempDir('cx-dead-bus-'), 'bus')}` };
        expect(quiet(await printed.complete('cx secret get ', dead)).matches).toEqual([]);
      } finally {
        await keyring.close();
      }
    });
  });
}
