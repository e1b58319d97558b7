import { writeSync } from 'node:fs';
import { errnoCode } from '../errno-code.ts';

/**
 * Writes to fd 1 directly: setting up process.stdout (a pipe, under `$(…)`) costs ~5 ms of a TAB's
 * or a shell prompt's budget. A full non-blocking pipe (EAGAIN) gets the rest through
 * process.stdout; a reader that is gone (EPIPE) gets nothing.
 */
export function writeOut(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset);
  } catch (error) {
    if (errnoCode(error) === 'EAGAIN') process.stdout.write(bytes.subarray(offset));
  }
}
