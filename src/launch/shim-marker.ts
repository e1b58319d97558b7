import { closeSync, lstatSync, openSync, readSync, statSync } from 'node:fs';

// A `codex` shim that `cx shim install` writes carries this marker, so cx can tell it apart from
// the real codex even when it is a script rather than a symlink to cx.
export const SHIM_MARKER = 'cx-shim: this codex runs cx';

/** Shims are tiny; anything bigger is not one, and is not read. */
export const SHIM_MAX_BYTES = 4096;

/** Whether a small regular file's text is a shim cx wrote (it carries the marker). */
export function isShimText(text: string): boolean {
  return text.includes(SHIM_MARKER);
}

/**
 * The text of `path` when it is a small regular file carrying the marker, else null (never throws).
 * `followSymlinks`: finding codex follows them (a link to a shim runs cx too); `cx shim` does not,
 * so that it never takes someone's symlink for a file it wrote.
 */
export function readShimFile(path: string, followSymlinks: boolean): string | null {
  let fd: number | null = null;
  try {
    const stat = followSymlinks ? statSync(path) : lstatSync(path);
    if (!stat.isFile() || stat.size > SHIM_MAX_BYTES) return null;
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(SHIM_MAX_BYTES);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, SHIM_MAX_BYTES, 0)).toString('utf8');
    return isShimText(text) ? text : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
