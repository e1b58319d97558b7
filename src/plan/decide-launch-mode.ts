// What make-plan.ts decides from what it has read, as pure functions (tested in-process by
// test/plan/decide-launch-mode.unit.test.ts): strict mode, an untrusted .cxrc, exec or spawn,
// and whether the command line runs a model.
import type { CxOption } from '../cli/split-argv.ts';
import { type Env, envValue } from '../config/home-dirs.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import type { LaunchMode } from '../launch/recursion-guard.ts';
import type { Selection } from '../select/select-profile.ts';
import type { CodexArgsShape } from './codex-args.ts';
import { MODEL_SUBCOMMANDS } from './codex-cli.ts';
import type { Finding } from './finding.ts';

/** `--cx-strict`, or CX_STRICT set to anything but 0/false/no. */
export function strictMode(options: ReadonlySet<CxOption>, env: Env): boolean {
  const value = envValue(env, 'CX_STRICT');
  return options.has('--cx-strict') || (value !== undefined && !['0', 'false', 'no'].includes(value.toLowerCase()));
}

/**
 * The untrusted .cxrc files that would have decided (nearest first, until a step decided): each
 * ignored with a warning, or refused under strict mode.
 */
export function untrustedSelections(selection: Selection, strict: boolean): { findings: Finding[]; refusal: CxError | null } {
  const findings: Finding[] = [];
  let refusal: CxError | null = null;
  for (const step of selection.steps) {
    if (step.outcome === 'decided') break;
    if (step.source !== 'cxrc' || step.outcome !== 'ignored') continue;
    const path = (step.at ?? '').replace(/:\d+$/, '');
    const message = `${step.at ?? '.cxrc'} selects profile ${step.value ?? ''} but is not trusted; ${strict ? 'refusing under strict mode' : 'ignoring it'}`;
    const hint = `read it, then run \`cx trust ${path}\``;
    findings.push({ level: strict ? 'error' : 'warning', code: 'cxrc-untrusted', message: `${message} (${hint})` });
    if (strict) refusal ??= new CxError(message, EXIT.denied, hint);
  }
  return { findings, refusal };
}

/**
 * exec when this Node can replace itself and codex will surely start (a failed execve cannot be
 * recovered from, see exec-format.ts); spawn otherwise. With no codex found the plan is refused anyway.
 */
export function launchMode(canExec: boolean, codexBin: string | null, execveCanStart: (bin: string) => boolean): LaunchMode {
  return canExec && (codexBin === null || execveCanStart(codexBin)) ? 'exec' : 'spawn';
}

/** Whether codex runs a model (its TUI, exec, review…), so needs credentials and the capability check. */
export function runsModel(shape: CodexArgsShape): boolean {
  // `mcp`, `sandbox`, `archive`… take -p but run no model; a --remote run's model runs on the server.
  return shape.acceptsProfile && !shape.informational && !shape.remote && (shape.subcommand === null || MODEL_SUBCOMMANDS.has(shape.subcommand));
}
