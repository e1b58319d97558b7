// A private gnome-keyring on a private D-Bus (test/setup/with-keyring.sh, nested), for a test file
// whose keyring entries must never meet another test file's.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ROOT, tempDir } from './cx-process.ts';
import { SYSTEM_PATH } from './fake-codex.ts';

export const WITH_KEYRING = join(ROOT, 'test', 'setup', 'with-keyring.sh');

export interface PrivateKeyring {
  bus: string;
  /** The gnome-keyring daemon's pid (to stop it: a keyring that owns the bus name and never answers). */
  pid: number;
  close(): Promise<void>;
}

/**
 * Starts with-keyring.sh around a shell that prints its bus address and waits for stdin to close:
 * closing it (or this process dying) ends the shell, and with-keyring.sh removes the daemon and
 * its files.
 */
export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn('sh', [WITH_KEYRING, 'sh', '-c', 'printf "%s %s\\n" "$DBUS_SESSION_BUS_ADDRESS" "$CX_TEST_KEYRING_PID"; read -r _'], {
    env: { PATH: process.env['PATH'] ?? SYSTEM_PATH, HOME: tempDir('cx-keyring-home-'), LANG: 'C.UTF-8' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`private keyring did not start in 10 s: ${stderr}`)), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`private keyring exited ${String(code)}: ${stderr}`));
    });
  });
  const [bus = '', pid = ''] = line.split(' ');
  return {
    bus,
    pid: Number(pid),
    close: async () => {
      try {
        process.kill(Number(pid), 'SIGCONT'); // a test may have stopped it
      } catch {
        // gone already
      }
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
