import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errnoCode } from '../errno-code.ts';

export type TextFileResult = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

/**
 * Reads a small text file without ever blocking or reading without bound: opened non-blocking (a
 * FIFO planted where a config file should be cannot hang cx), regular files only, at most
 * `maxBytes`, valid UTF-8 with no NUL byte.
 */
export function readTextFile(path: string, maxBytes: number): TextFileResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoCode(error) ?? 'unknown error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: 'does not exist' };
    const reason = code === 'ELOOP' ? 'is a symlink loop' : code === 'EACCES' ? 'is not readable' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be opened (${code})`;
    return { ok: false, missing: false, reason };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, missing: false, reason: 'is a directory, not a file' };
    if (!stat.isFile()) return { ok: false, missing: false, reason: 'is not a regular file' };
    if (stat.size > maxBytes) return { ok: false, missing: false, reason: `is ${stat.size} bytes; at most ${maxBytes} are read` };
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) return { ok: false, missing: false, reason: `holds more than ${maxBytes} bytes` };
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { ok: false, missing: false, reason: `holds more than ${maxBytes} bytes` };
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return { ok: false, missing: false, reason: 'holds binary data (a NUL byte)' };
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, missing: false, reason: 'is not valid UTF-8' };
    }
  } catch (error) {
    return { ok: false, missing: false, reason: `cannot be read (${errnoCode(error) ?? 'unknown error'})` };
  } finally {
    closeSync(fd);
  }
}
