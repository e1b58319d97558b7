// What stands at DIR/codex: nothing, a shim cx wrote, or something else (described for a refusal).
// Reads only; never follows a symlink to decide that something is a shim.
import { closeSync, lstatSync, openSync, readSync, readlinkSync } from 'node:fs';
import { errnoCode } from '../errno-code.ts';
import { readShimFile } from '../launch/shim-marker.ts';
import { realpathOrNull } from './path-dirs.ts';
import { describeFileHead, describeSymlink } from './shim-script.ts';

export type Existing = { kind: 'none' } | { kind: 'shim'; text: string } | { kind: 'other'; what: string };

/** A regular file (not a symlink), small, carrying the marker: a shim cx wrote. */
export function readShim(path: string): string | null {
  return readShimFile(path, false);
}

/** What is at a path that is not a cx shim, in words, for a refusal. */
function describe(path: string, selfPaths: ReadonlySet<string>): string {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return describeSymlink(readlinkSync(path), realpathOrNull(path), selfPaths);
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
  return describeFileHead(head.subarray(0, length), stat.size);
}

export function inspect(path: string, selfPaths: ReadonlySet<string>): Existing {
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
