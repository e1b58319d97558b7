/**
 * What cx exits with when the reader of its output went away (`cx completion bash | head -1`):
 * the status of a program killed by SIGPIPE (128 + 13), as shells and `head` expect of `cat` or
 * `yes`. Node ignores SIGPIPE and reports the closed pipe as an EPIPE error instead, which would
 * otherwise end cx with a stack trace.
 */
export const CLOSED_PIPE_STATUS = 141;

/** Whether `error` is a write to a pipe (or socket) whose reader has gone. */
export function isClosedPipe(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
}
