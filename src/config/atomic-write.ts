import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never a part: a private temp file
 * beside it (mode 0600 unless told otherwise), synced, then renamed over. Directories cx creates
 * for it are 0700. Nothing cx writes is ever world-readable.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const random = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const temp = `${path}.${process.pid}.${random}.tmp`;
  const fd = openSync(temp, 'wx', mode & 0o770);
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Creates `path` with `data` (mode 0600) only if nothing is there: a synced temp file, then a hard
 * link, which fails rather than replace anything. Readers never see a partial file.
 */
export function createExclusive(path: string, data: string | Buffer): void {
  const random = process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
  const temp = `${path}.${process.pid}.${random}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
