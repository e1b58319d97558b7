// `cx shim install|uninstall [DIR]`: a `codex` on PATH that runs cx, for programs that run `codex`
// where a shell alias does not apply (IDEs, CI, xargs). The shim is a tiny sh script carrying
// SHIM_MARKER, so find-codex.ts passes over it when it looks for the real codex; it execs the node
// that runs this cx with bin/cx.js, both by absolute path, and "$@" exactly. Not on the launch path.
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { loadCxConfig } from '../config/cx-config.ts';
import { type Env, userHome } from '../config/home-dirs.ts';
import { CxError, isCxError } from '../cx-error.ts';
import { errnoCode } from '../errno-code.ts';
import { EXIT } from '../exit-status.ts';
import { findCodex } from '../launch/find-codex.ts';
import { SHIM_MARKER, SHIM_MAX_BYTES } from '../launch/shim-marker.ts';
import type { CommandContext } from './command-context.ts';
import { printableLine } from './printable.ts';
import { shellQuote } from './shell-quote.ts';

/** `uninstall` found no cx shim to remove (EX_NOINPUT, as `cx secret rm` of a missing name). */
export const SHIM_NONE_STATUS = 66;
/** The shim cannot be written: DIR/codex is something else, or DIR is not writable (EX_CANTCREAT). */
export const SHIM_CANNOT_WRITE_STATUS = 73;

const USAGE = 'usage: cx shim install|uninstall [DIR]';
const SHIM_NAME = 'codex';

function usage(message: string, hint = USAGE): CxError {
  return new CxError(message, EXIT.usage, hint);
}

/** A refusal with a status that is cx shim's own (not one of EXIT's): one line, then the status. */
function refuse(status: number, message: string, hint: string): number {
  process.stderr.write(`cx: ${printableLine(`${message} — ${hint}`)}\n`);
  return status;
}

function warn(message: string): void {
  process.stderr.write(`cx: warning: ${printableLine(message)}\n`);
}

function say(message: string): void {
  process.stdout.write(`cx: ${printableLine(message)}\n`);
}

/** Quoted for /bin/sh (POSIX: no $'…'); a newline inside single quotes is kept as is. */
function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The shim's text. Pure: the same node and cx give the same bytes, so installing again changes nothing. */
export function shimScript(node: string, cxScript: string): string {
  return [
    '#!/bin/sh',
    `# ${SHIM_MARKER}`,
    '# Written by `cx shim install` for programs that run `codex` where a shell alias does not apply.',
    '# cx passes over this file when it looks for the real codex. Remove it with `cx shim uninstall`.',
    `exec ${shQuote(node)} ${shQuote(cxScript)} "$@"`,
    '',
  ].join('\n');
}

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** A regular file (not a symlink), small, carrying the marker: a shim cx wrote. */
function readShim(path: string): string | null {
  let fd: number | null = null;
  try {
    const stat = lstatSync(path);
    if (!stat.isFile() || stat.size > SHIM_MAX_BYTES) return null;
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(SHIM_MAX_BYTES);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, SHIM_MAX_BYTES, 0)).toString('utf8');
    return text.includes(SHIM_MARKER) ? text : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** What is at a path that is not a cx shim, in words, for a refusal. */
function describe(path: string, selfPaths: ReadonlySet<string>): string {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) {
    const target = readlinkSync(path);
    const real = realpathOrNull(path);
    const note = real !== null && selfPaths.has(real) ? ', which is cx itself (it already runs cx)' : real === null ? ', which does not exist' : '';
    return `a symlink to ${target}${note}`;
  }
  if (stat.isDirectory()) return 'a directory';
  if (!stat.isFile()) return 'not a regular file';
  const head = Buffer.alloc(128);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = head.subarray(0, length);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return `a program (${stat.size} bytes; perhaps the real codex)`;
  if (bytes.subarray(0, 2).toString('latin1') === '#!') {
    const line = bytes.toString('utf8').split('\n')[0] ?? '';
    return `a script starting ${JSON.stringify(line)} (${stat.size} bytes)`;
  }
  return `a file of ${stat.size} bytes`;
}

type Existing = { kind: 'none' } | { kind: 'shim'; text: string } | { kind: 'other'; what: string };

function inspect(path: string, selfPaths: ReadonlySet<string>): Existing {
  try {
    lstatSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { kind: 'none' };
    return { kind: 'other', what: `something cx cannot inspect (${errnoCode(error) ?? 'error'})` };
  }
  try {
    const text = readShim(path);
    return text === null ? { kind: 'other', what: describe(path, selfPaths) } : { kind: 'shim', text };
  } catch (error) {
    // Changed under our feet: say so rather than guess.
    return { kind: 'other', what: `something cx cannot inspect (${errnoCode(error) ?? 'error'})` };
  }
}

/** PATH's absolute entries, in order (empty and relative ones depend on the working directory: skipped). */
function pathEntries(env: Env): string[] {
  return (env['PATH'] ?? '').split(delimiter).filter((entry) => entry !== '' && isAbsolute(entry));
}

function sameDir(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const [ra, rb] = [realpathOrNull(a), realpathOrNull(b)];
  return ra !== null && ra === rb;
}

/** A directory the shim may go into: the user's own, writable by them and by nobody else. */
function usableDir(dir: string): boolean {
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory() || (stat.mode & 0o002) !== 0) return false;
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return false;
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isUnder(dir: string, home: string): boolean {
  const d = resolve(dir);
  const h = resolve(home);
  return d !== h && d.startsWith(h.endsWith(sep) ? h : `${h}${sep}`);
}

/**
 * Where `cx shim install` puts the shim without a DIR: ~/.local/bin when it is on PATH (created if
 * missing), else the first directory on PATH under the home directory that the user owns and can
 * write, and that holds no other `codex`.
 */
export function defaultShimDir(env: Env, selfPaths: ReadonlySet<string>): string {
  const home = userHome(env);
  const entries = pathEntries(env);
  const preferred = join(home, '.local', 'bin');
  const free = (dir: string): boolean => inspect(join(dir, SHIM_NAME), selfPaths).kind !== 'other';
  if (entries.some((entry) => sameDir(entry, preferred))) {
    const missing = realpathOrNull(preferred) === null;
    if ((missing || usableDir(preferred)) && (missing || free(preferred))) return preferred;
  }
  const found = entries.find((entry) => isUnder(entry, home) && usableDir(entry) && free(entry));
  if (found !== undefined) return found;
  throw usage(
    `no directory on PATH to put the codex shim in (looked for ${preferred}, then a directory under ${home} that you own and can write, holding no other codex)`,
    'name one: cx shim install DIR, and put DIR first on PATH',
  );
}

/** This cx's bin/cx.js, by real path (cx.ts puts it in selfPaths). */
function cxScriptPath(selfPaths: ReadonlySet<string>): string {
  for (const path of selfPaths) {
    if (basename(path) === 'cx.js' && basename(dirname(path)) === 'bin') return path;
  }
  throw new CxError('cannot tell where this cx is installed (no bin/cx.js among its paths)', EXIT.internal, 'run cx by its bin/cx.js');
}

function expandDir(arg: string, env: Env, cwd: string): string {
  if (arg === '~') return userHome(env);
  if (arg.startsWith('~/')) return join(userHome(env), arg.slice(2));
  return resolve(cwd, arg);
}

class CannotWrite extends Error {}

function cannotWrite(dir: string, error: unknown): CannotWrite {
  return new CannotWrite(`cannot write in ${dir} (${errnoCode(error) ?? (error instanceof Error ? error.message : String(error))})`);
}

/**
 * Writes the shim atomically: a temp file beside it (0755 whatever the umask), synced, then put in
 * place. A fresh shim is hard-linked into place, which fails rather than replaces should a `codex`
 * appear meanwhile; an update of cx's own shim is renamed over it.
 */
function writeShim(target: string, script: string, replace: boolean): 'written' | 'appeared' {
  const dir = dirname(target);
  const random = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const temp = join(dir, `.${SHIM_NAME}.cx-shim.${process.pid}.${random}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx', 0o700);
  } catch (error) {
    throw cannotWrite(dir, error);
  }
  try {
    writeSync(fd, script);
    fchmodSync(fd, 0o755);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw cannotWrite(dir, error);
  }
  closeSync(fd);
  try {
    if (replace) {
      renameSync(temp, target);
      return 'written';
    }
    try {
      linkSync(temp, target);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') return 'appeared';
      // A file system without hard links: check once more, then rename.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw cannotWrite(dir, error);
      if (inspect(target, new Set()).kind !== 'none') return 'appeared';
      renameSync(temp, target);
    }
    return 'written';
  } catch (error) {
    if (error instanceof CannotWrite) throw error;
    throw cannotWrite(dir, error);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Whether an executable `codex` in this directory is a codex other than cx (which would win over the shim). */
function otherCodexIn(dir: string, selfPaths: ReadonlySet<string>): boolean {
  const path = join(dir, SHIM_NAME);
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  const real = realpathOrNull(path);
  return real !== null && !selfPaths.has(real) && readShim(real) === null;
}

/** Says whether the shim will take effect where it is, and which codex the cx it runs will run. */
function reportPlacement(dir: string, context: CommandContext): void {
  const entries = pathEntries(context.env);
  const at = entries.findIndex((entry) => sameDir(entry, dir));
  if (at < 0) {
    warn(`${dir} is not on PATH, so programs that run \`codex\` will not find the shim; put it first: PATH=${shellQuote(dir)}:"$PATH"`);
  } else {
    const before = entries.slice(0, at).find((entry) => otherCodexIn(entry, context.selfPaths));
    if (before !== undefined) {
      warn(
        `${join(before, SHIM_NAME)} comes before ${dir} on PATH, so programs that run \`codex\` get it, not the shim; the shim takes effect only when ${dir} comes first on PATH`,
      );
    }
  }
  try {
    const codex = findCodex({ env: context.env, config: loadCxConfig(context.env), cwd: context.cwd, selfPaths: context.selfPaths });
    say(`the shim runs cx, which runs the real codex: ${codex.found}`);
  } catch (error) {
    if (!isCxError(error)) throw error;
    warn(`cx finds no real codex to run yet: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`);
  }
}

function installShim(dirArg: string | undefined, context: CommandContext): number {
  const dir = dirArg === undefined ? defaultShimDir(context.env, context.selfPaths) : expandDir(dirArg, context.env, context.cwd);
  const target = join(dir, SHIM_NAME);
  const script = shimScript(process.execPath, cxScriptPath(context.selfPaths));
  let created = false;
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory()) return refuse(SHIM_CANNOT_WRITE_STATUS, `${dir} is not a directory`, 'name a directory: cx shim install DIR');
    if ((stat.mode & 0o002) !== 0) {
      return refuse(SHIM_CANNOT_WRITE_STATUS, `${dir} is writable by every user, so anyone could replace a codex there`, 'choose a directory only you can write');
    }
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') return refuse(SHIM_CANNOT_WRITE_STATUS, `cannot use ${dir} (${errnoCode(error) ?? 'error'})`, 'name another directory');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      created = true;
    } catch (mkdirError) {
      return refuse(SHIM_CANNOT_WRITE_STATUS, `cannot create ${dir} (${errnoCode(mkdirError) ?? 'error'})`, 'name a directory you can write');
    }
  }

  const existing = inspect(target, context.selfPaths);
  const foreign = (what: string): number =>
    refuse(SHIM_CANNOT_WRITE_STATUS, `${target} exists and is not a cx shim: it is ${what}; not overwritten`, 'remove or rename it yourself, or name another directory: cx shim install DIR');
  if (existing.kind === 'other') return foreign(existing.what);
  if (existing.kind === 'shim' && existing.text === script) {
    say(`${target} is already this cx shim; nothing changed`);
  } else {
    let outcome: ReturnType<typeof writeShim>;
    try {
      outcome = writeShim(target, script, existing.kind === 'shim');
    } catch (error) {
      if (error instanceof CannotWrite) return refuse(SHIM_CANNOT_WRITE_STATUS, error.message, 'name a directory you can write: cx shim install DIR');
      throw error;
    }
    if (outcome === 'appeared') {
      const now = inspect(target, context.selfPaths);
      return foreign(now.kind === 'other' ? now.what : 'something that appeared while cx was writing');
    }
    say(`${existing.kind === 'shim' ? 'updated' : 'installed'} ${target}${created ? ` (created ${dir})` : ''}: it runs ${process.execPath} ${cxScriptPath(context.selfPaths)}`);
  }
  reportPlacement(dir, context);
  return 0;
}

function removeShim(target: string): number | null {
  try {
    rmSync(target);
    say(`removed the cx shim ${target}`);
    return null;
  } catch (error) {
    return refuse(SHIM_CANNOT_WRITE_STATUS, `cannot remove ${target} (${errnoCode(error) ?? 'error'})`, 'remove it yourself');
  }
}

function uninstallShim(dirArg: string | undefined, context: CommandContext): number {
  if (dirArg !== undefined) {
    const target = join(expandDir(dirArg, context.env, context.cwd), SHIM_NAME);
    const existing = inspect(target, context.selfPaths);
    if (existing.kind === 'none') return refuse(SHIM_NONE_STATUS, `no ${SHIM_NAME} in ${dirname(target)}; nothing removed`, 'cx shim uninstall without DIR removes every cx shim on PATH');
    if (existing.kind === 'other') return refuse(SHIM_NONE_STATUS, `${target} is not a cx shim: it is ${existing.what}; left alone`, 'cx removes only the shims it wrote');
    return removeShim(target) ?? 0;
  }
  const seen = new Set<string>();
  let removed = 0;
  for (const entry of pathEntries(context.env)) {
    const key = realpathOrNull(entry) ?? resolve(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    const target = join(entry, SHIM_NAME);
    if (inspect(target, context.selfPaths).kind !== 'shim') continue;
    const failed = removeShim(target);
    if (failed !== null) return failed;
    removed += 1;
  }
  if (removed === 0) return refuse(SHIM_NONE_STATUS, 'no cx shim in any directory on PATH; nothing removed', 'name the directory: cx shim uninstall DIR');
  return 0;
}

/** `cx shim install|uninstall [DIR]`; returns the exit status (`--help` is handled by main). */
export async function shimCommand(args: readonly string[], context: CommandContext): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === undefined) throw usage('cx shim needs install or uninstall');
  if (verb !== 'install' && verb !== 'uninstall') throw usage(`unknown cx shim command ${JSON.stringify(verb.slice(0, 40))}`);
  const option = rest.find((arg) => arg.startsWith('-') && arg !== '-');
  if (option !== undefined) throw usage(`unknown option ${JSON.stringify(option.slice(0, 40))} for cx shim ${verb}`);
  if (rest.length > 1) throw usage(`cx shim ${verb} takes at most one DIR`);
  if (process.platform === 'win32') throw usage('cx shim writes a POSIX sh script; on Windows, put cx first on PATH under the name codex.cmd yourself');
  return verb === 'install' ? installShim(rest[0], context) : uninstallShim(rest[0], context);
}

