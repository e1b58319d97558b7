import { spawn } from 'node:child_process';

// Runs a program (the real codex) for doctor: no stdin, output captured and bounded, killed when it
// runs past its time. Never throws.

export type RunResult =
  | { kind: 'exited'; code: number | null; signal: string | null; stdout: string; stderr: string }
  | { kind: 'timeout'; ms: number; stderr: string }
  | { kind: 'too-big'; bytes: number }
  | { kind: 'spawn-error'; code: string };

export interface RunOptions {
  env: Readonly<Record<string, string>>;
  cwd: string;
  timeoutMs: number;
  maxBytes: number;
}

export function runBounded(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise<RunResult>((resolve) => {
    let settled = false;
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const child = spawn(file, [...args], { env: { ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxBytes) {
        child.kill('SIGKILL');
        finish({ kind: 'too-big', bytes });
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ kind: 'timeout', ms: options.timeoutMs, stderr: Buffer.concat(err).toString('utf8') });
    }, options.timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => finish({ kind: 'spawn-error', code: error.code ?? error.message }));
    child.once('close', (code, signal) => {
      finish({ kind: 'exited', code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
