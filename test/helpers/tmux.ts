// A private tmux server for tests that need a real terminal: its own socket (never the developer's
// server), no config file, and none of the developer's TMUX/TMUX_PANE in its environment.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Every tmux command is bounded by this. */
const TIMEOUT_MS = 10_000;

export interface TmuxServer {
  /** Whether tmux is installed (tests using the server should be skipped if not). */
  available: boolean;
  /** Runs `tmux ARGS` on this server; returns its stdout, throws if it fails. */
  run(...args: string[]): string;
  /** Runs `tmux ARGS` on this server, whatever its outcome (for cleanup and for probing). */
  attempt(...args: string[]): SpawnSyncReturns<string>;
  /** Kills the server and removes the socket file tmux leaves behind. Call it in afterAll. */
  close(): void;
}

function tmuxEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'TMUX' && name !== 'TMUX_PANE') env[name] = value;
  }
  return env;
}

/** A tmux server on a unique `-L` socket named `PREFIX-PID-RANDOM`; it starts with its first session and lives until close(). */
export function tmuxServer(prefix: string): TmuxServer {
  const socket = `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const available = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
  const env = tmuxEnv();
  // By default a tmux server exits with its last session, so a test's new-session could reach a
  // server that is shutting down ("server exited unexpectedly"). Each new-session therefore also
  // sets exit-empty off: the server lives until close().
  const attempt = (...args: string[]): SpawnSyncReturns<string> => {
    const keepAlive = args[0] === 'new-session' ? [';', 'set-option', '-s', 'exit-empty', 'off'] : [];
    return spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args, ...keepAlive], { encoding: 'utf8', env, timeout: TIMEOUT_MS });
  };
  return {
    available,
    attempt,
    run: (...args) => {
      const result = attempt(...args);
      if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
      return result.stdout;
    },
    close: () => {
      if (!available) return;
      attempt('kill-server');
      // tmux leaves its socket file behind when the server ends with its last session.
      rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, socket), { force: true });
    },
  };
}
