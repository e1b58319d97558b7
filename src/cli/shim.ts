// `cx shim install|uninstall [DIR]`: a `codex` on PATH that runs cx, for programs that run `codex`
// where a shell alias does not apply (IDEs, CI, xargs). The shim is a tiny sh script carrying
// SHIM_MARKER, so find-codex.ts passes over it when it looks for the real codex; it execs the node
// that runs this cx with bin/cx.js, both by absolute path, and "$@" exactly. Not on the launch path.
// This file is the command: arguments, messages, exit statuses; src/shim/ decides and does the rest.
import { dirname, join, resolve } from 'node:path';
import { loadCxConfig } from '../config/cx-config.ts';
import { type Env, userHome } from '../config/home-dirs.ts';
import { CxError, isCxError } from '../cx-error.ts';
import { cxScriptOf } from '../cx-install.ts';
import { EXIT } from '../exit-status.ts';
import { findCodex } from '../launch/find-codex.ts';
import { defaultShimDir } from '../shim/choose-dir.ts';
import { installShim as installShimFile } from '../shim/install.ts';
import { shimPlacement } from '../shim/placement.ts';
import { SHIM_NAME, shimScript } from '../shim/shim-script.ts';
import { type Removal, removeShim, shimsOnPath, uninstallShimAt } from '../shim/uninstall.ts';
import type { CommandContext } from './command-context.ts';
import { printableLine } from './printable.ts';
import { shellQuote } from './shell-quote.ts';
import { SHIM_CANNOT_WRITE_STATUS, SHIM_NONE_STATUS } from '../shim/statuses.ts';

// Re-exported: tests and callers know the shim's text and default directory by this command.
export { defaultShimDir, shimScript };

export { SHIM_CANNOT_WRITE_STATUS, SHIM_NONE_STATUS };

/**
 * What `cx shim` says, as text lines (stdout, warnings and refusals on stderr) or, with --json, as
 * one object printed at the end: {schemaVersion, action, shims [{path, outcome}], codex, warnings, error}.
 */
class ShimReport {
  readonly shims: { path: string; outcome: string }[] = [];
  readonly warnings: string[] = [];
  codex: string | null = null;
  error: { message: string; fix: string } | null = null;

  constructor(
    readonly action: 'install' | 'uninstall',
    readonly json: boolean,
  ) {}

  shim(path: string, outcome: string, message: string): void {
    this.shims.push({ path, outcome });
    this.say(message);
  }

  say(message: string): void {
    if (!this.json) process.stdout.write(`cx: ${printableLine(message)}\n`);
  }

  warn(message: string): void {
    this.warnings.push(message);
    if (!this.json) process.stderr.write(`cx: warning: ${printableLine(message)}\n`);
  }

  /** A refusal with a status that is cx shim's own (not one of EXIT's): one line, then the status. */
  refuse(status: number, message: string, fix: string): number {
    this.error = { message, fix };
    process.stderr.write(`cx: ${printableLine(`${message} — ${fix}`)}\n`);
    return status;
  }

  /** With --json, the object (stdout), whatever the status. */
  finish(status: number): number {
    if (this.json) {
      const document = { schemaVersion: 1, action: this.action, status, shims: this.shims, codex: this.codex, warnings: this.warnings, error: this.error };
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    }
    return status;
  }
}

/** This cx's bin/cx.js, by real path (cx.ts puts it in selfPaths). */
function cxScriptPath(selfPaths: ReadonlySet<string>): string {
  const script = cxScriptOf(selfPaths);
  if (script !== null) return script;
  throw new CxError('cannot tell where this cx is installed (no bin/cx.js among its paths)', EXIT.internal, 'run cx by its bin/cx.js');
}

function expandDir(arg: string, env: Env, cwd: string): string {
  if (arg === '~') return userHome(env);
  if (arg.startsWith('~/')) return join(userHome(env), arg.slice(2));
  return resolve(cwd, arg);
}

/** Says whether the shim will take effect where it is, and which codex the cx it runs will run. */
function reportPlacement(dir: string, context: CommandContext, out: ShimReport): void {
  const placement = shimPlacement(dir, context.env, context.selfPaths);
  if (placement.kind === 'off-path') {
    out.warn(`${dir} is not on PATH, so programs that run \`codex\` will not find the shim; put it first: PATH=${shellQuote(dir)}:"$PATH"`);
  } else if (placement.kind === 'shadowed') {
    out.warn(
      `${placement.by} comes before ${dir} on PATH, so programs that run \`codex\` get it, not the shim; the shim takes effect only when ${dir} comes first on PATH`,
    );
  }
  try {
    const codex = findCodex({ env: context.env, config: loadCxConfig(context.env), cwd: context.cwd, selfPaths: context.selfPaths });
    out.codex = codex.found;
    out.say(`the shim runs cx, which runs the real codex: ${codex.found}`);
  } catch (error) {
    if (!isCxError(error)) throw error;
    out.warn(`cx finds no real codex to run yet: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`);
  }
}

function installShim(dirArg: string | null, context: CommandContext, out: ShimReport): number {
  const dir = dirArg === null ? defaultShimDir(context.env, context.selfPaths) : expandDir(dirArg, context.env, context.cwd);
  const cxScript = cxScriptPath(context.selfPaths);
  const outcome = installShimFile(dir, shimScript(process.execPath, cxScript), context.selfPaths);
  switch (outcome.kind) {
    case 'not-a-directory':
      return out.refuse(SHIM_CANNOT_WRITE_STATUS, `${dir} is not a directory`, 'name a directory: cx shim install DIR');
    case 'world-writable':
      return out.refuse(SHIM_CANNOT_WRITE_STATUS, `${dir} is writable by every user, so anyone could replace a codex there`, 'choose a directory only you can write');
    case 'cannot-use':
      return out.refuse(SHIM_CANNOT_WRITE_STATUS, `cannot use ${dir} (${outcome.code})`, 'name another directory');
    case 'cannot-create':
      return out.refuse(SHIM_CANNOT_WRITE_STATUS, `cannot create ${dir} (${outcome.code})`, 'name a directory you can write');
    case 'foreign':
      return out.refuse(
        SHIM_CANNOT_WRITE_STATUS,
        `${outcome.target} exists and is not a cx shim: it is ${outcome.what}; not overwritten`,
        'remove or rename it yourself, or name another directory: cx shim install DIR',
      );
    case 'cannot-write':
      return out.refuse(SHIM_CANNOT_WRITE_STATUS, outcome.message, 'name a directory you can write: cx shim install DIR');
    case 'unchanged':
      out.shim(outcome.target, 'unchanged', `${outcome.target} is already this cx shim; nothing changed`);
      break;
    case 'written':
      out.shim(outcome.target, outcome.updated ? 'updated' : 'installed', `${outcome.updated ? 'updated' : 'installed'} ${outcome.target}${outcome.created ? ` (created ${dir})` : ''}: it runs ${process.execPath} ${cxScript}`);
      break;
  }
  reportPlacement(dir, context, out);
  return 0;
}

/** Says what a removal did: null when the shim is gone, else the status to exit with. */
function reportRemoval(target: string, removal: Removal, out: ShimReport): number | null {
  if (removal.kind === 'failed') return out.refuse(SHIM_CANNOT_WRITE_STATUS, `cannot remove ${target} (${removal.code})`, 'remove it yourself');
  out.shim(target, 'removed', `removed the cx shim ${target}`);
  return null;
}

function uninstallShim(dirArg: string | null, context: CommandContext, out: ShimReport): number {
  if (dirArg !== null) {
    const target = join(expandDir(dirArg, context.env, context.cwd), SHIM_NAME);
    const outcome = uninstallShimAt(target, context.selfPaths);
    if (outcome.kind === 'none') return out.refuse(SHIM_NONE_STATUS, `no ${SHIM_NAME} in ${dirname(target)}; nothing removed`, 'cx shim uninstall without DIR removes every cx shim on PATH');
    if (outcome.kind === 'foreign') return out.refuse(SHIM_NONE_STATUS, `${target} is not a cx shim: it is ${outcome.what}; left alone`, 'cx removes only the shims it wrote');
    return reportRemoval(target, outcome, out) ?? 0;
  }
  let removed = 0;
  for (const target of shimsOnPath(context.env, context.selfPaths)) {
    const failed = reportRemoval(target, removeShim(target), out);
    if (failed !== null) return failed;
    removed += 1;
  }
  if (removed === 0) return out.refuse(SHIM_NONE_STATUS, 'no cx shim in any directory on PATH; nothing removed', 'name the directory: cx shim uninstall DIR');
  return 0;
}

/** `cx shim install|uninstall [DIR] [--json]` as yargs parsed it; returns the exit status. */
export async function runShim({ verb, dir, json }: { verb: 'install' | 'uninstall'; dir: string | null; json: boolean }, context: CommandContext): Promise<number> {
  if (process.platform === 'win32') throw new CxError('cx shim writes a POSIX sh script; on Windows, put cx first on PATH under the name codex.cmd yourself', EXIT.usage);
  const out = new ShimReport(verb, json);
  return out.finish(verb === 'install' ? installShim(dir, context, out) : uninstallShim(dir, context, out));
}
