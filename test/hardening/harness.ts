// The bad-input corpus's machinery: a sandboxed home per case, a recording fake codex, a snapshot of
// everything cx could write to, one bounded run of the built cx, and the checks every case shares.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { CX_BIN, type CxResult, cleanEnv, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type Recorder, type Recording, looksLikeStackTrace, recorderFake } from '../helpers/fake-codex.ts';

/** Marks every secret value a case writes: it must never appear in anything cx prints. */
export const SECRET_MARK = 'S3CR3T';
export const secret = (tag: string): string => `${SECRET_MARK}-${tag}-9f41`;

/** The user's own profiles, present in every box. */
export const PROFILES: Readonly<Record<string, string>> = {
  work: 'model = "model-work"\n',
  personal: 'model = "model-personal"\n',
  gw: 'model_provider = "gw"\nmodel = "gw-model"\n[model_providers.gw]\nname = "gw"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_API_KEY"\n',
  bed: 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\nweb_search = "disabled"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n',
};

export interface Box {
  root: string;
  /** HOME: everything under it is snapshotted (CODEX_HOME, XDG dirs, ~/.aws, the repository). */
  home: string;
  codexHome: string;
  /** $CX_CONFIG (not written unless a case writes it). */
  cxConfig: string;
  stateHome: string;
  /** The repository root (no .cxrc unless a case writes one) and the directory cx runs in. */
  repo: string;
  cwd: string;
  aws: string;
  fake: Recorder;
  env: Record<string, string>;
}

/** Extra environment every box gets (the AWS stand-in's endpoints, so nothing can leave the machine). */
let boxEnv: Record<string, string> = {};
export function setBoxEnv(env: Record<string, string>): void {
  boxEnv = env;
}

export function makeBox(options: { noCacheDir?: boolean } = {}): Box {
  const root = realpathSync(tempDir('cx-bad-input-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const stateHome = join(home, '.local', 'state');
  const repo = join(home, 'repo');
  const cwd = join(repo, 'sub');
  const aws = join(home, '.aws');
  // ~/.cache exists in a lived-in home; GLib (under keytar) creates it when it is missing (see the
  // AWS case that shows it), which would otherwise count as cx writing on every keyring lookup.
  for (const dir of [codexHome, join(home, '.config', 'cx'), stateHome, cwd, aws]) mkdirSync(dir, { recursive: true });
  if (!options.noCacheDir) mkdirSync(join(home, '.cache'));
  writeFileSync(join(codexHome, 'config.toml'), 'model = "base-model"\n');
  for (const [name, body] of Object.entries(PROFILES)) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  const fake = recorderFake(join(root, 'fake', 'codex'));
  const cxConfig = join(home, '.config', 'cx', 'config.toml');
  const env = cleanEnv({
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: stateHome,
    CODEX_HOME: codexHome,
    CX_CONFIG: cxConfig,
    CX_CODEX_BIN: fake.bin,
    // No instance-metadata probe (a second of timeouts) and no SDK version banner.
    AWS_EC2_METADATA_DISABLED: 'true',
    ...boxEnv,
  });
  return { root, home, codexHome, cxConfig, stateHome, repo, cwd, aws, fake, env };
}

// ---------------------------------------------------------------------------------------------
// Writing hostile files.

export function write(path: string, content: string | Buffer, mode = 0o600): string {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true, recursive: true });
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return path;
}

export type Oddity = 'directory' | 'fifo' | 'symlink-loop' | 'symlink-loop-2' | 'dev-zero' | 'dev-urandom' | 'unreadable' | 'dir-symlink';

/** Puts something that is not a readable regular file at `path`. */
export function plant(path: string, oddity: Oddity): string {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true, recursive: true });
  switch (oddity) {
    case 'directory':
      mkdirSync(path);
      writeFileSync(join(path, 'inside'), 'x = 1\n');
      break;
    case 'dir-symlink':
      symlinkSync('/', path);
      break;
    case 'fifo': {
      const made = spawnSync('mkfifo', ['-m', '600', path]);
      if (made.status !== 0) throw new Error(`mkfifo ${path} failed`);
      break;
    }
    case 'symlink-loop':
      symlinkSync(path, path);
      break;
    case 'symlink-loop-2':
      symlinkSync(`${path}.other`, path);
      symlinkSync(path, `${path}.other`);
      break;
    case 'dev-zero':
      symlinkSync('/dev/zero', path);
      break;
    case 'dev-urandom':
      symlinkSync('/dev/urandom', path);
      break;
    case 'unreadable':
      writeFileSync(path, 'model = "m"\n', { mode: 0o000 });
      chmodSync(path, 0o000);
      break;
  }
  return path;
}

/** chmod 000 does not stop root from reading: such cases are skipped there, saying why. */
export const RUNS_AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
export const UNREADABLE_SKIP = RUNS_AS_ROOT ? 'runs as root, where chmod 000 does not stop reads (the directory and FIFO cases cover unreadable files)' : null;

// ---------------------------------------------------------------------------------------------
// Snapshots: every entry under HOME, by path: type, size, mode, mtime and a content hash.

export type Snapshot = Map<string, string>;

export function snapshot(dir: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (path: string, rel: string): void => {
    const stat = lstatSync(path, { bigint: true });
    const base = `mode=${(Number(stat.mode) & 0o7777).toString(8)} mtime=${stat.mtimeNs} size=${stat.size}`;
    if (stat.isSymbolicLink()) {
      out.set(rel, `link -> ${readlinkSync(path)} ${base}`);
    } else if (stat.isDirectory()) {
      out.set(rel, `dir ${base}`);
      let names: string[];
      try {
        names = readdirSync(path);
      } catch (error) {
        out.set(`${rel}/*`, `unlistable ${String(error)}`);
        return;
      }
      for (const name of names.sort()) walk(join(path, name), `${rel}/${name}`);
    } else if (stat.isFile()) {
      let hash: string;
      try {
        hash = createHash('sha256').update(readFileSync(path)).digest('hex');
      } catch {
        hash = 'unreadable';
      }
      out.set(rel, `file ${base} sha256=${hash}`);
    } else {
      // FIFOs and the like: never opened (that would block).
      out.set(rel, `special ${base}`);
    }
  };
  walk(dir, '.');
  return out;
}

export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const diff: string[] = [];
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now === undefined) diff.push(`removed ${path}`);
    else if (now !== was) diff.push(`changed ${path}: ${was} -> ${now}`);
  }
  for (const path of after.keys()) if (!before.has(path)) diff.push(`added ${path}`);
  return diff;
}

// ---------------------------------------------------------------------------------------------
// Cases.

export interface Expect {
  /** cx's exit status. */
  status: number;
  /**
   * For a refusal: the file the error line names, and its line (the line starts `cx: FILE:LINE:`,
   * or `cx: FILE` when there is no line). Omit for errors that are about no file (arguments).
   */
  file?: string;
  line?: number;
  /** What the error line must match. */
  message?: RegExp;
  /** The warning lines, in order, each matching its pattern (exactly this many). */
  warnings?: RegExp[];
  /** For status 0: codex ran with exactly these arguments. */
  argv?: string[];
  /** For status 0: variables codex must have been given, with these values. */
  envHas?: Record<string, string>;
  /** For status 0: variables codex must not have been given. */
  envLacks?: string[];
  /** What stdout must be (default: empty). */
  stdout?: RegExp;
}

export interface BadInputCase {
  /** The input kind, for the summary: "codex config.toml", ".env", "argv"… */
  kind: string;
  name: string;
  /** Writes the bad input; returns what to expect (paths depend on the box). */
  setup: (b: Box) => Expect;
  argv?: string[];
  env?: (b: Box) => Record<string, string>;
  cwd?: (b: Box) => string;
  /** A known bug outside the files this corpus may fix: the case is marked it.fails, with why. */
  fails?: string;
  /** Why the case cannot run here (null: it can). */
  skip?: string | null;
  /** Secret values this case wrote, which must appear nowhere in cx's output. */
  secrets?: string[];
  /** A home without ~/.cache (see makeBox). */
  noCacheDir?: boolean;
}

export interface Outcome {
  result: CxResult;
  expect: Expect;
  diff: string[];
  recording: Recording | null;
  ms: number;
  box: Box;
}

export const RUN_TIMEOUT_MS = 10_000;

/**
 * The cx under test: the built one, or another build named by CX_HARDENING_BIN (e.g. one built
 * from an earlier commit, to see which cases fail there).
 */
const BIN = process.env['CX_HARDENING_BIN'] || CX_BIN;

export async function runCase(c: BadInputCase): Promise<Outcome> {
  const box = makeBox({ noCacheDir: c.noCacheDir ?? false });
  const expectation = c.setup(box);
  const before = snapshot(box.home);
  const started = Date.now();
  const env = { ...box.env, ...(c.env?.(box) ?? {}) };
  const result = await runProgram(process.execPath, [BIN, ...(c.argv ?? ['exec', 'hi'])], { env, cwd: c.cwd?.(box) ?? box.cwd, timeoutMs: RUN_TIMEOUT_MS });
  const ms = Date.now() - started;
  const diff = snapshotDiff(before, snapshot(box.home));
  const recording = box.fake.ran() ? box.fake.read() : null;
  return { result, expect: expectation, diff, recording, ms, box };
}

/** Statuses cx documents for a refusal (src/exit-status.ts), and `cx secret`'s own. */
const DOCUMENTED = new Set<number>([0, EXIT.usage, 66, EXIT.blocked, EXIT.keyring, EXIT.denied, EXIT.config, EXIT.recursion, EXIT.notExecutable, EXIT.notFound, 130]);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every check a case must pass. */
export function checkOutcome(c: BadInputCase, o: Outcome): void {
  const { result, expect: want } = o;
  const shown = `status ${String(result.exitCode)} signal ${String(result.signal)}\n--- stderr\n${result.stderr}\n--- stdout\n${result.stdout.slice(0, 2000)}`;
  expect(result.timedOut, `cx did not finish within ${RUN_TIMEOUT_MS} ms`).toBe(false);
  expect(result.signal, shown).toBeUndefined();
  expect(result.exitCode, shown).toBe(want.status);
  expect(DOCUMENTED.has(result.exitCode ?? -1), `undocumented status\n${shown}`).toBe(true);

  // No stack trace, no internal error, nothing a terminal would obey.
  expect(looksLikeStackTrace(result.stderr), shown).toBe(false);
  expect(result.stderr, shown).not.toMatch(/^ {4}at /m);
  expect(result.stderr, shown).not.toContain('internal error');
  expect(result.stderr, shown).not.toMatch(CONTROL);

  // stderr: warnings, then (for a refusal) exactly one error line, all of them cx's.
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  for (const line of lines) expect(line.startsWith('cx: '), `a stderr line that is not cx's: ${line}\n${shown}`).toBe(true);
  const warnings = lines.filter((line) => line.startsWith('cx: warning: '));
  const errors = lines.filter((line) => !line.startsWith('cx: warning: '));
  const wantWarnings = want.warnings ?? [];
  expect(warnings.length, `warnings\n${shown}`).toBe(wantWarnings.length);
  wantWarnings.forEach((pattern, i) => expect(warnings[i], shown).toMatch(pattern));
  if (want.status === 0) {
    expect(errors, shown).toEqual([]);
  } else {
    expect(errors.length, `one error line\n${shown}`).toBe(1);
    const [line = ''] = errors;
    if (want.file !== undefined) {
      // `cx: FILE: …`, `cx: FILE is …`, `cx: FILE:LINE: …` or `cx: FILE:LINE …`.
      const prefix = want.line === undefined ? `cx: ${want.file}` : `cx: ${want.file}:${want.line}`;
      expect(new RegExp(`^${escapeRegExp(prefix)}[: ]`).test(line), `expected the error to start "${prefix}"\n${shown}`).toBe(true);
    }
    if (want.message) expect(line, shown).toMatch(want.message);
  }

  // stdout: empty unless the case says otherwise (the launch path never writes there).
  if (want.stdout) expect(result.stdout, shown).toMatch(want.stdout);
  else expect(result.stdout, shown).toBe('');

  // No secret value anywhere in what cx printed.
  for (const value of [...(c.secrets ?? []), SECRET_MARK]) {
    expect(result.stderr.includes(value) || result.stdout.includes(value), `a secret value was printed\n${shown}`).toBe(false);
  }

  // Nothing written or changed under HOME.
  expect(o.diff, 'cx changed files').toEqual([]);

  // codex: not run on a refusal; on a launch, run with exactly what was expected.
  if (want.status !== 0) {
    expect(o.recording?.argv ?? null, `codex ran\n${shown}`).toBeNull();
  } else if (want.argv !== undefined) {
    expect(o.recording, `codex did not run\n${shown}`).not.toBeNull();
    expect(o.recording?.argv).toEqual(want.argv);
    for (const [name, value] of Object.entries(want.envHas ?? {})) expect(o.recording?.env[name], name).toBe(value);
    for (const name of want.envLacks ?? []) expect(o.recording?.env[name], `${name} was given to codex`).toBeUndefined();
  }
}
