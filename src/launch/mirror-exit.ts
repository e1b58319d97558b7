/** Signals whose default action ends the process; Node itself ignores or handles some of them. */
function signalNumber(signal: NodeJS.Signals): number {
  // node:os only here, after codex died of a signal: loading it costs a launch ~0.4 ms.
  return process.getBuiltinModule('node:os').constants.signals[signal] ?? 0;
}

/**
 * Ends this process the way codex ended: the same exit code, or death by the same signal so the
 * shell sees 128+N. Node ignores SIGPIPE and may handle others, so a listener is installed and
 * removed first (which resets the signal to its default action); if the signal still does not end
 * us, exit with 128+N.
 */
export function exitLike(code: number | null, signal: NodeJS.Signals | null): never {
  if (signal !== null) {
    process.removeAllListeners(signal);
    const noop = (): void => {};
    try {
      process.on(signal, noop);
      process.removeListener(signal, noop);
    } catch {
      // SIGKILL and SIGSTOP cannot be listened to; their default action is all there is.
    }
    try {
      process.kill(process.pid, signal);
    } catch {
      // fall through to the numeric status
    }
    process.exit(128 + signalNumber(signal));
  }
  process.exit(code ?? 1);
}
