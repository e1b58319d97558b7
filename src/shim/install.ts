// Puts the shim at DIR/codex: creates DIR if missing, refuses a DIR others can write and any
// `codex` there that cx did not write, and writes atomically. Returns what happened; the command
// says it.
import { closeSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errnoCode } from '../errno-code.ts';
import { inspect } from './inspect.ts';
import { SHIM_NAME } from './shim-script.ts';

export type InstallOutcome =
  | { kind: 'not-a-directory' }
  | { kind: 'world-writable' }
  | { kind: 'cannot-use'; code: string }
  | { kind: 'cannot-create'; code: string }
  | { kind: 'foreign'; target: string; what: string }
  | { kind: 'cannot-write'; message: string }
  | { kind: 'unchanged'; target: string }
  | { kind: 'written'; target: string; updated: boolean; created: boolean };

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

/** DIR made ready for the shim: a directory only its owner can write, created if missing. */
function prepareDir(dir: string): InstallOutcome | { kind: 'ready'; created: boolean } {
  try {
    const stat = statSync(dir);
    if (!stat.isDirectory()) return { kind: 'not-a-directory' };
    if ((stat.mode & 0o002) !== 0) return { kind: 'world-writable' };
    return { kind: 'ready', created: false };
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') return { kind: 'cannot-use', code: errnoCode(error) ?? 'error' };
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      return { kind: 'ready', created: true };
    } catch (mkdirError) {
      return { kind: 'cannot-create', code: errnoCode(mkdirError) ?? 'error' };
    }
  }
}

/** Installs `script` as DIR/codex, or updates cx's own shim there; never touches anything else. */
export function installShim(dir: string, script: string, selfPaths: ReadonlySet<string>): InstallOutcome {
  const ready = prepareDir(dir);
  if (ready.kind !== 'ready') return ready;
  const target = join(dir, SHIM_NAME);
  const existing = inspect(target, selfPaths);
  if (existing.kind === 'other') return { kind: 'foreign', target, what: existing.what };
  if (existing.kind === 'shim' && existing.text === script) return { kind: 'unchanged', target };
  let outcome: ReturnType<typeof writeShim>;
  try {
    outcome = writeShim(target, script, existing.kind === 'shim');
  } catch (error) {
    if (error instanceof CannotWrite) return { kind: 'cannot-write', message: error.message };
    throw error;
  }
  if (outcome === 'appeared') {
    const now = inspect(target, selfPaths);
    return { kind: 'foreign', target, what: now.kind === 'other' ? now.what : 'something that appeared while cx was writing' };
  }
  return { kind: 'written', target, updated: existing.kind === 'shim', created: ready.created };
}
