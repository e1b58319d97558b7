// The `codex` shim's text, and telling a cx shim apart from whatever else stands at DIR/codex.
// Pure: the same inputs give the same bytes and the same words, so installing again changes nothing.
import { SHIM_MARKER } from '../launch/shim-marker.ts';

/** The shim's file name: programs that run `codex` find it on PATH. */
export const SHIM_NAME = 'codex';

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

/** A symlink that is not a cx shim, in words, for a refusal; `real` is null when it leads nowhere. */
export function describeSymlink(target: string, real: string | null, selfPaths: ReadonlySet<string>): string {
  const note = real !== null && selfPaths.has(real) ? ', which is cx itself (it already runs cx)' : real === null ? ', which does not exist' : '';
  return `a symlink to ${target}${note}`;
}

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** A regular file that is not a cx shim, in words, from its first bytes and its size. */
export function describeFileHead(head: Buffer, size: number): string {
  if (head.subarray(0, 4).equals(ELF_MAGIC)) return `a program (${size} bytes; perhaps the real codex)`;
  if (head.subarray(0, 2).toString('latin1') === '#!') {
    const line = head.toString('utf8').split('\n')[0] ?? '';
    return `a script starting ${JSON.stringify(line)} (${size} bytes)`;
  }
  return `a file of ${size} bytes`;
}
