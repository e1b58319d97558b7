// cx's entry after cx.ts: splits argv (launch or a cx command) and hands the run to the launch
// pipeline (src/launch/pipeline.ts) or, for a cx command, to the dispatcher, a lazily loaded
// bundle that builds cx's command line with yargs (src/cli/dispatch.ts). Nothing else happens here.
import { CLOSED_PIPE_STATUS, isClosedPipe } from './cli/closed-pipe.ts';
import { loadCommand } from './cli/load-command.ts';
import { printableLine } from './cli/printable.ts';
import { reportError } from './cli/report.ts';
import { type CxInvocation, splitArgv } from './cli/split-argv.ts';
import { withoutValues } from './cli/without-values.ts';
import type { Env } from './config/home-dirs.ts';
import { keyringTimedOut } from './credentials/keyring-api.ts';
import { isCxError } from './cx-error.ts';
import { EXIT } from './exit-status.ts';
import { type RunInputs, commandContext, launchPipeline } from './launch/pipeline.ts';
import { CX_VERSION } from './version.ts';

export type MainContext = RunInputs;

/** Runs the command; returns which one ran. */
async function run(context: MainContext): Promise<CxInvocation['command']> {
  const invocation = splitArgv(context.argv);
  if (invocation.options.has('--cx-version')) {
    process.stdout.write(`cx ${CX_VERSION}\n`);
  } else if (invocation.command === 'launch' && !invocation.options.has('--cx-help')) {
    await launchPipeline(invocation, context);
  } else if (invocation.command === '__complete') {
    // Hand-parsed, not through yargs: every TAB press runs it (the completion budget, README "Speed").
    const { completeCommand } = await loadCommand('complete');
    process.exitCode = await completeCommand(invocation.rest, commandContext(context));
  } else if (invocation.command === 'status' && invocation.rest.includes('--prompt') && (await statusPrompt(invocation.rest, context)) !== null) {
    // done: `status --prompt` runs at every shell prompt, without yargs (cli/status-prompt.ts)
  } else {
    const { dispatchCommand } = await loadCommand('dispatch');
    await dispatchCommand(invocation, commandContext(context));
  }
  return invocation.command;
}

/** `cx status --prompt [+PROFILE]`: its exit status is set; null when the words need the full parser. */
async function statusPrompt(rest: readonly string[], context: MainContext): Promise<number | null> {
  const { statusPrompt: run } = await loadCommand('status-prompt');
  const status = await run(rest, commandContext(context));
  if (status !== null) process.exitCode = status;
  return status;
}

/** Runs cx; user errors become one stderr line and a documented status, never a stack trace. */
export async function main(context: MainContext): Promise<void> {
  try {
    const command = await run(context);
    // A keyring call that timed out may still hold a threadpool thread (keytar blocks in a D-Bus
    // call until the daemon's timeout, ~25-50 s), and Node waits for it even in process.exit;
    // keyring.ts releases such a call at once on Linux (see releaseHungCalls). Every command but a
    // launch (which ends with codex) then ends here, without waiting for anything else pending.
    if (keyringTimedOut() && command !== 'launch') {
      await new Promise<void>((done) => process.stdout.write('', () => done()));
      await new Promise<void>((done) => process.stderr.write('', () => done()));
      process.exit(process.exitCode ?? 0);
    }
  } catch (error) {
    if (isCxError(error)) {
      reportError(error);
      process.exit(error.status);
    }
    endWithInternalError(error, context.env);
  }
}

/**
 * The end of a failure cx did not expect: one line (details only with CX_DEBUG=1), or, when the
 * failure is output nobody reads any more (a closed pipe), quietly (cli/closed-pipe.ts). Also what
 * cx.ts makes of an error thrown outside main's own calls (a stream's 'error' event).
 */
export function endWithInternalError(error: unknown, env: Env): never {
  if (isClosedPipe(error)) process.exit(CLOSED_PIPE_STATUS);
  const message = error instanceof Error ? error.message : String(error);
  try {
    process.stderr.write(`cx: internal error: ${printableLine(withoutValues(message))} (set CX_DEBUG=1 for details)\n`);
    if (env['CX_DEBUG']) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  } catch {
    // stderr itself is gone
  }
  process.exit(EXIT.internal);
}
