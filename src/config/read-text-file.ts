import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { errnoCode } from '../errno-code.ts';

export type FileFailure = {
  ok: false;
  missing: boolean;
  /** The file is a regular file, only bigger than cx reads (the others are not files one can read). */
  tooBig: boolean;
  reason: string;
};

export type BytesFileResult = { ok: true; bytes: Buffer; mode: number } | FileFailure;
export type TextFileResult = { ok: true; text: string } | FileFailure;

function failure(reason: string, missing = false, tooBig = false): FileFailure {
  return { ok: false, missing, tooBig, reason };
}

/**
 * Reads a small file without ever blocking or reading without bound: opened non-blocking (a FIFO
 * planted where a config file should be cannot hang cx), regular files only, at most `maxBytes`.
 */
export function readBoundedFile(path: string, maxBytes: number): BytesFileResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoCode(error) ?? 'unknown error';
    if (code === 'ENOENT' || code === 'ENOTDIR') return failure('does not exist', true);
    return failure(code === 'ELOOP' ? 'is a symlink loop' : code === 'EACCES' ? 'is not readable' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be opened (${code})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return failure('is a directory, not a file');
    if (stat.isFIFO()) return failure('is a named pipe (FIFO), not a regular file');
    if (!stat.isFile()) return failure('is not a regular file');
    if (stat.size > maxBytes) return failure(`is ${stat.size} bytes; at most ${maxBytes} are read`, false, true);
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) return failure(`holds more than ${maxBytes} bytes`, false, true);
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return failure(`holds more than ${maxBytes} bytes`, false, true);
    return { ok: true, bytes: buffer.subarray(0, length), mode: stat.mode };
  } catch (error) {
    return failure(`cannot be read (${errnoCode(error) ?? 'unknown error'})`);
  } finally {
    closeSync(fd);
  }
}

export interface TextFileOptions {
  /**
   * Decode as the AWS SDK does (`readFile(path, 'utf8')`): invalid UTF-8 becomes U+FFFD and NUL
   * bytes are kept, so cx sees what the program that really reads the file will see.
   */
  lenient?: boolean;
}

/** Reads a small text file (see readBoundedFile): valid UTF-8 with no NUL byte, unless `lenient`. */
export function readTextFile(path: string, maxBytes: number, options: TextFileOptions = {}): TextFileResult {
  const read = readBoundedFile(path, maxBytes);
  if (!read.ok) return read;
  if (options.lenient) return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(read.bytes) };
  if (read.bytes.includes(0)) return failure('holds binary data (a NUL byte)');
  // buffer.isUtf8, not a fatal TextDecoder: the first TextDecoder a process makes costs ~3 ms
  // (Node loads its encoding internals), and every launch reads a config file. The same result:
  // invalid UTF-8 refused, a leading BOM dropped (test/config/read-text-file.unit.test.ts).
  if (!process.getBuiltinModule('node:buffer').isUtf8(read.bytes)) return failure('is not valid UTF-8');
  const text = read.bytes.toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
