import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';

// process.execve cannot be undone when it fails: up to at least Node 22.23 and 24.x a failed
// execve(2) prints a native stack trace and aborts (SIGABRT); only later Nodes throw
// (nodejs/node#62878). So cx replaces itself with codex only when the kernel will surely start the
// file, and otherwise spawns it, which reports failure as an error cx turns into 126/127 (and, like
// a shell, runs a script without `#!` with /bin/sh).

/** Linux reads at most this much of a `#!` line (BINPRM_BUF_SIZE). */
const HEAD_BYTES = 256;
/** What is read first: a `#!` line, or an ELF header and (usually) its program headers, in one read. */
const FIRST_READ_BYTES = 1024;
/** Linux follows at most this many nested `#!` interpreters. */
const MAX_INTERPRETER_DEPTH = 4;

function readAt(path: string, length: number, position: number): Buffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, position);
    return buffer.subarray(0, read);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The interpreter named by a `#!` line at the start of `head`, or null when there is none. */
function interpreterIn(head: Buffer): string | null {
  if (head[0] !== 0x23 || head[1] !== 0x21) return null;
  const line = head.subarray(2).toString('latin1').split('\n')[0] ?? '';
  const interpreter = line.replace(/^[ \t]+/, '').split(/[ \t\0]/)[0] ?? '';
  return interpreter === '' ? null : interpreter;
}

/** The interpreter named by a file's `#!` line, or null when it has none. */
export function shebangInterpreter(path: string): string | null {
  const head = readAt(path, HEAD_BYTES, 0);
  return head === null ? null : interpreterIn(head);
}

/** An ELF file's program interpreter (PT_INTERP, the dynamic loader), '' when static, null when not ELF. */
function elfInterpreter(path: string, head: Buffer): string | null {
  if (head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = head[4] === 2;
  const le = head[5] === 1;
  const u16 = (b: Buffer, at: number): number => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number): number => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const word = (b: Buffer, at: number): number => (is64 ? Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at)) : u32(b, at));
  const phoff = word(head, is64 ? 0x20 : 0x1c);
  const phentsize = u16(head, is64 ? 0x36 : 0x2a);
  const phnum = u16(head, is64 ? 0x38 : 0x2c);
  // Usually right after the ELF header, so within the bytes already read.
  const table = phoff + phentsize * phnum <= head.length ? head.subarray(phoff, phoff + phentsize * phnum) : readAt(path, phentsize * phnum, phoff);
  if (table === null || table.length < phentsize * phnum) return null;
  for (let i = 0; i < phnum; i += 1) {
    const entry = table.subarray(i * phentsize, (i + 1) * phentsize);
    if (u32(entry, 0) !== 3) continue; // PT_INTERP
    const offset = word(entry, is64 ? 0x08 : 0x04);
    const size = word(entry, is64 ? 0x20 : 0x10);
    const name = readAt(path, size, offset);
    return name === null ? null : name.toString('latin1').replace(/\0.*$/s, '');
  }
  return '';
}

function isExecutable(path: string, depth: number): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  const head = readAt(path, FIRST_READ_BYTES, 0);
  if (head === null) return false;
  const loader = elfInterpreter(path, head);
  if (loader !== null) return loader === '' || readAt(loader, 4, 0)?.readUInt32BE(0) === 0x7f454c46;
  const interpreter = interpreterIn(head.subarray(0, HEAD_BYTES));
  if (interpreter === null || !isAbsolute(interpreter) || depth >= MAX_INTERPRETER_DEPTH) return false;
  return isExecutable(interpreter, depth + 1);
}

/**
 * Whether execve(2) of this (existing, executable) file will start it: an ELF file whose loader
 * exists, or a `#!` script whose absolute interpreter is itself such a file. Anything else (no
 * `#!`, a missing interpreter, binfmt_misc formats) is left to spawn.
 */
export function execveCanStart(path: string): boolean {
  return isExecutable(path, 0);
}
