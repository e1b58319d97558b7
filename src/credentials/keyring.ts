// The OS keyring over keytar (libsecret on Linux, Keychain on macOS, Credential Manager on
// Windows). keytar is a native module: it is loaded only when a keyring call is made, never on a
// plain launch. Every function here is bounded in time, never throws and never prints.
//
// What keytar does with a keyring that cannot answer (measured on Linux, gnome-keyring 42, keytar
// 7.9.0; see docs "keytar (native) on Node 20"):
// - keytar not installed (an optional dependency) or not loadable              -> 'not-installed'
// - no D-Bus, no daemon: throws within ~20 ms                                  -> 'unavailable'
// - a locked collection: getPassword() answers null with no error, deletePassword() answers false,
//   setPassword() throws "Cannot create an item in a locked collection", and findCredentials()
//   CRASHES the process (SIGSEGV: it dereferences the missing secret of a locked item)
// - a daemon that owns org.freedesktop.secrets but never answers: the call blocks a libuv
//   threadpool thread inside a synchronous D-Bus call for ~25-50 s. While it does, the process
//   cannot exit: not naturally (the work keeps the event loop alive) and not with process.exit()
//   either (Node joins the threadpool threads on exit; measured: process.exit waited 50 s).
//
// So:
// - every call is raced against one deadline per operation (CX_KEYRING_TIMEOUT_MS, default
//   1500 ms)                                                                     -> 'timeout'
// - after a timeout the keyring is not asked again in this process, and the hung call is released
//   (releaseHungCalls below) so that the process can still end promptly;
// - locked is told apart from "no such entry" with a canary entry (see probeUnlocked).
import type { KeyringRead, KeyringStatus } from './keyring-api.ts';
import { KEYRING_SERVICE, KEYRING_STATE_KEY, keyringTimedOut } from './keyring-api.ts';

export { keyringTimedOut };

/**
 * An entry `cx secret set` (and the locked-keyring probe) stores beside the secrets: a fixed,
 * non-secret value. Whoever can read it has an unlocked keyring.
 */
export const KEYRING_CANARY_ACCOUNT = '__cx_canary__';
export const KEYRING_CANARY_VALUE = 'cx keyring canary: not a secret';

const DEFAULT_TIMEOUT_MS = 1500;
const MAX_TIMEOUT_MS = 60_000;
const MAX_DETAIL_CHARS = 200;

type Keytar = typeof import('keytar');

/**
 * Per-process state, kept on globalThis: the launch bundle and each command bundle carry their own
 * copy of this module, and main() must see calls made by any of them.
 */
interface KeyringState {
  keytar: Promise<Keytar> | null;
  /** keytar calls started and not yet settled (a timed-out call stays here until it settles). */
  pending: number;
  /** Set once a call timed out: the keyring is not asked again in this process. */
  hung: string | null;
  /** A canary was read back in this process: the keyring was unlocked. */
  unlocked: boolean;
  /** Linux: the process's socket fds (fd -> inode) before keytar's first call. */
  socketsBefore: Map<number, string> | null;
  released: boolean;
}

function state(): KeyringState {
  const holder = globalThis as typeof globalThis & { [KEYRING_STATE_KEY]?: KeyringState };
  holder[KEYRING_STATE_KEY] ??= { keytar: null, pending: 0, hung: null, unlocked: false, socketsBefore: null, released: false };
  return holder[KEYRING_STATE_KEY];
}

/** The bound on one keyring operation: CX_KEYRING_TIMEOUT_MS (1..60000) or 1500 ms. */
export function keyringTimeoutMs(): number {
  const raw = process.env['CX_KEYRING_TIMEOUT_MS'];
  if (raw !== undefined && /^[0-9]{1,6}$/.test(raw)) {
    const ms = Number(raw);
    if (ms >= 1 && ms <= MAX_TIMEOUT_MS) return ms;
  }
  return DEFAULT_TIMEOUT_MS;
}

/**
 * Whether every keyring call made in this process has settled. False after a timeout until the
 * hung call gives up or is released: a process that must end then ends with process.exit().
 */
export function keyringSettled(): boolean {
  return state().pending === 0;
}

/** One short line about an error (never a secret: keytar's messages carry none). */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error').trim();
  return line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS - 1)}…` : line;
}

class Timeout {
  constructor(readonly ms: number) {}
}

class Failure {
  constructor(
    readonly status: Exclude<KeyringStatus, 'ok'>,
    readonly detail: string,
  ) {}
}

type Outcome = { status: Exclude<KeyringStatus, 'ok'>; detail: string };

function outcomeOf(problem: unknown): Outcome {
  if (problem instanceof Timeout) return { status: 'timeout', detail: `no answer within ${problem.ms} ms` };
  if (problem instanceof Failure) return { status: problem.status, detail: problem.detail };
  const detail = oneLine(problem);
  return { status: /\blocked\b/i.test(detail) ? 'locked' : 'unavailable', detail };
}

function socketsOfThisProcess(): Map<number, string> | null {
  if (process.platform !== 'linux') return null;
  const { readdirSync, readlinkSync } = process.getBuiltinModule('node:fs');
  const found = new Map<number, string>();
  try {
    for (const name of readdirSync('/proc/self/fd')) {
      try {
        const match = /^socket:\[([0-9]+)\]$/.exec(readlinkSync(`/proc/self/fd/${name}`));
        if (match?.[1]) found.set(Number(name), match[1]);
      } catch {
        // the fd was closed meanwhile (or was readdir's own)
      }
    }
  } catch {
    return null;
  }
  return found;
}

function unixSocketInodes(): Set<string> {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const inodes = new Set<string>();
  try {
    for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
      const inode = line.trim().split(/\s+/)[6];
      if (inode) inodes.add(inode);
    }
  } catch {
    // not Linux-like: nothing to release
  }
  return inodes;
}

/** How long to wait, after releasing a hung call, for GLib's SIGTERM (it comes within milliseconds). */
const RELEASE_WAIT_MS = 1000;
/** Once the released call has settled, how much longer GLib's SIGTERM may take to arrive. */
const SIGTERM_GRACE_MS = 150;

/**
 * Lets a hung keytar call end now instead of after the D-Bus timeout (~25-50 s), so that the
 * process can exit (Node cannot exit while a threadpool thread is blocked; see the top of this
 * file). Linux only: the unix-domain sockets opened since keytar's first call are the D-Bus
 * connection libsecret made; a few bytes that are not a D-Bus message make the bus daemon drop that
 * connection, and GLib then fails the pending call at once ("The connection is closed"). GLib also
 * raises SIGTERM in its own process when its session bus connection is lost (exit-on-close). That
 * SIGTERM must be swallowed here, and before this returns: a launch that went on meanwhile would
 * take it for the user's (spawn forwards SIGTERM to codex, which then died milliseconds after it
 * started). So this waits (bounded) until the SIGTERM has arrived, or the call has settled and a
 * short grace has passed without one. cx opens no other unix-domain socket while it resolves
 * credentials. On other systems, or if the bus daemon itself hangs, the call ends only when the
 * D-Bus timeout expires.
 */
async function releaseHungCalls(s: KeyringState): Promise<void> {
  if (s.released || s.socketsBefore === null) return;
  s.released = true;
  const unix = unixSocketInodes();
  const opened = [...(socketsOfThisProcess() ?? new Map<number, string>())].filter(([fd, inode]) => s.socketsBefore?.get(fd) !== inode && unix.has(inode));
  if (opened.length === 0) return;
  let swallowed!: () => void;
  const arrived = new Promise<void>((resolve) => (swallowed = resolve));
  const swallow = (): void => {
    process.removeListener('SIGTERM', swallow);
    swallowed();
  };
  process.on('SIGTERM', swallow);
  const { writeSync } = process.getBuiltinModule('node:fs');
  for (const [fd] of opened) {
    try {
      // A zero byte where a D-Bus message must start with 'l' or 'B' (its byte order).
      writeSync(fd, Buffer.alloc(16));
    } catch {
      // gone already
    }
  }
  const started = Date.now();
  const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  let done = false;
  void arrived.then(() => (done = true));
  while (!done && Date.now() - started < RELEASE_WAIT_MS) {
    if (s.pending === 0) {
      await Promise.race([arrived, wait(SIGTERM_GRACE_MS)]);
      break;
    }
    await Promise.race([arrived, wait(10)]);
  }
  process.removeListener('SIGTERM', swallow);
}

/**
 * Linux: libsecret reaches the Secret Service over the D-Bus session bus, which GLib finds in
 * DBUS_SESSION_BUS_ADDRESS, else at $XDG_RUNTIME_DIR/bus, else by X11 autolaunch (needs DISPLAY).
 * With none of them the keyring cannot answer, and loading keytar to hear so costs time and has
 * GLib create ~/.cache on the way: such a keyring is 'unavailable' without loading anything.
 */
function noSessionBus(): string | null {
  if (process.platform !== 'linux') return null;
  const env = process.env;
  if (env['DBUS_SESSION_BUS_ADDRESS'] || env['DISPLAY']) return null;
  const runtime = env['XDG_RUNTIME_DIR'];
  if (runtime && process.getBuiltinModule('node:fs').existsSync(`${runtime}/bus`)) return null;
  return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set, and there is no $XDG_RUNTIME_DIR/bus)';
}

async function loadKeytar(s: KeyringState): Promise<Keytar> {
  const noBus = noSessionBus();
  if (noBus !== null) throw new Failure('unavailable', noBus);
  s.keytar ??= import('keytar').then((loaded) => {
    // keytar is CommonJS: its functions are on the namespace's default export (Node's loader finds
    // only the first of them as a named export).
    const namespace = loaded as Keytar & { default?: Keytar };
    const api = namespace.default ?? namespace;
    const needed = ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'] as const;
    if (!needed.every((fn) => typeof api[fn] === 'function')) throw new Error('keytar has an unexpected shape');
    return api;
  });
  try {
    return await s.keytar;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /'keytar'/.test(oneLine(error));
    throw new Failure('not-installed', missing ? 'keytar, the module cx reads it with, is not installed' : `keytar, the module cx reads it with, cannot be loaded: ${oneLine(error)}`);
  }
}

/** One operation's time budget: every keytar call it makes must settle before `deadline`. */
class Operation {
  /**
   * Set when the first keyring call starts, after keytar is loaded: the bound is for the keyring's
   * answer, and loading the native module on a busy machine took up to 1.5 s (seen with 50 cx at
   * once), which used to time out healthy keyrings.
   */
  private deadline: number | null = null;
  constructor(private readonly timeoutMs: number) {}

  /** Runs one keytar call within the operation's deadline; rejects with Timeout or the call's error. */
  async call<T>(run: (keytar: Keytar) => Promise<T>): Promise<T> {
    const s = state();
    if (s.hung !== null) throw new Failure('timeout', s.hung);
    const keytar = await loadKeytar(s);
    this.deadline ??= Date.now() + this.timeoutMs;
    s.socketsBefore ??= socketsOfThisProcess();
    s.pending += 1;
    // keytar checks its arguments synchronously: a throw becomes this call's rejection.
    const work = new Promise<T>((resolve, reject) => {
      run(keytar).then(resolve, reject);
    });
    const settle = (): void => {
      s.pending -= 1;
    };
    work.then(settle, settle);
    try {
      return await this.within(work);
    } catch (error) {
      if (error instanceof Timeout) {
        s.hung = `the keyring did not answer within ${this.timeoutMs} ms earlier in this run`;
        await releaseHungCalls(s);
      }
      throw error;
    }
  }

  private within<T>(work: Promise<T>): Promise<T> {
    const left = (this.deadline ?? Date.now() + this.timeoutMs) - Date.now();
    if (left <= 0) return Promise.reject(new Timeout(this.timeoutMs));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(this.timeoutMs)), left);
      timer.unref();
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
  }
}

/** A timed-out keyring is reported as 'timeout' for the rest of the run, without asking it again. */
function refusedEarlier(): Outcome | null {
  const hung = state().hung;
  return hung === null ? null : { status: 'timeout', detail: hung };
}

/**
 * Whether the keyring is unlocked, for when an answer could mean "locked" or "no such entry"
 * (getPassword null, deletePassword false) and before findCredentials (which crashes on a locked
 * collection). The heuristic: the canary entry reads back -> unlocked. It reads null -> either the
 * collection is locked or the canary was never stored here, so store it: that works only in an
 * unlocked collection; libsecret refuses it in a locked one ("Cannot create an item in a locked
 * collection") -> 'locked'. So reading a missing secret from a keyring cx never wrote to stores the
 * canary, once. Known limit: with a second, locked collection that holds entries of service `cx`,
 * findCredentials still crashes (keytar searches all collections).
 */
async function probeUnlocked(op: Operation): Promise<void> {
  const s = state();
  if (s.unlocked) return;
  const canary = await op.call((k) => k.getPassword(KEYRING_SERVICE, KEYRING_CANARY_ACCOUNT));
  if (canary === null) {
    try {
      await op.call((k) => k.setPassword(KEYRING_SERVICE, KEYRING_CANARY_ACCOUNT, KEYRING_CANARY_VALUE));
    } catch (error) {
      if (error instanceof Timeout || error instanceof Failure) throw error;
      const detail = oneLine(error);
      const locked = /\blocked\b/i.test(detail);
      throw new Failure(locked ? 'locked' : 'unavailable', `its entries cannot be read, and a new one is refused: ${detail}`);
    }
  }
  s.unlocked = true;
}

/** The secret stored under `account`; null with status 'ok' when there is none. */
export async function keyringGet(account: string): Promise<KeyringRead> {
  const earlier = refusedEarlier();
  if (earlier) return { value: null, ...earlier };
  const op = new Operation(keyringTimeoutMs());
  try {
    const value = await op.call((k) => k.getPassword(KEYRING_SERVICE, account));
    if (value !== null) return { value, status: 'ok', detail: null };
    await probeUnlocked(op);
    return { value: null, status: 'ok', detail: null };
  } catch (error) {
    return { value: null, ...outcomeOf(error) };
  }
}

/** Stores `value` under `account` (and the canary beside it), saying why when it could not. */
export async function keyringWrite(account: string, value: string): Promise<{ status: KeyringStatus; detail: string | null }> {
  const earlier = refusedEarlier();
  if (earlier) return earlier;
  const op = new Operation(keyringTimeoutMs());
  try {
    await op.call((k) => k.setPassword(KEYRING_SERVICE, KEYRING_CANARY_ACCOUNT, KEYRING_CANARY_VALUE));
    await op.call((k) => k.setPassword(KEYRING_SERVICE, account, value));
    return { status: 'ok', detail: null };
  } catch (error) {
    return outcomeOf(error);
  }
}

/** Stores `value` under `account` (and the canary beside it). */
export async function keyringSet(account: string, value: string): Promise<KeyringStatus> {
  return (await keyringWrite(account, value)).status;
}

/** Removes the entry for `account`; `deleted` false with status 'ok' when there was none. */
export async function keyringDelete(account: string): Promise<{ deleted: boolean; status: KeyringStatus; detail: string | null }> {
  const earlier = refusedEarlier();
  if (earlier) return { deleted: false, ...earlier };
  const op = new Operation(keyringTimeoutMs());
  try {
    if (await op.call((k) => k.deletePassword(KEYRING_SERVICE, account))) return { deleted: true, status: 'ok', detail: null };
    await probeUnlocked(op);
    return { deleted: false, status: 'ok', detail: null };
  } catch (error) {
    return { deleted: false, ...outcomeOf(error) };
  }
}

/** The accounts stored under cx's service, sorted (names only: the values are dropped at once). */
export async function keyringList(): Promise<{ accounts: string[]; status: KeyringStatus; detail: string | null }> {
  const earlier = refusedEarlier();
  if (earlier) return { accounts: [], ...earlier };
  const op = new Operation(keyringTimeoutMs());
  try {
    await probeUnlocked(op);
    const accounts = await op.call(async (k) => (await k.findCredentials(KEYRING_SERVICE)).map((c) => c.account));
    const names = [...new Set(accounts)].filter((a) => a !== KEYRING_CANARY_ACCOUNT).sort();
    return { accounts: names, status: 'ok', detail: null };
  } catch (error) {
    return { accounts: [], ...outcomeOf(error) };
  }
}
