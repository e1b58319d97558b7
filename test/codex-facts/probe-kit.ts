// What a codex fact probe needs, with nothing of vitest's: bounded child processes, throw-away
// directories, a CODEX_HOME on the loopback Responses stand-in, and a loopback HTTPS proxy that
// records where codex tried to go. Shared by the vitest file and `npm run probe-codex`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecordedRequest, type ResponsesStandIn, type StandInOptions, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

/** The codex a probe runs: its native binary, and the npm launcher in front of it when known. */
export interface CodexTarget {
  bin: string;
  launcher: string | null;
}

export interface Verdict {
  holds: boolean;
  detail: string;
}

export interface Fact {
  /** The fact's name: what a failing CI run prints. */
  name: string;
  /** null when the fact applies to this codex, else why it does not (found by asking codex, never by its version). */
  appliesTo?: (kit: Kit) => Promise<string | null>;
  check: (kit: Kit) => Promise<Verdict>;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  env: Record<string, string>;
  cwd: string;
  timeoutMs?: number;
  /** Resolves when the program may be stopped early (what the probe waited for has happened). */
  stopWhen?: Promise<unknown>;
}

const OUTPUT_LIMIT = 4 * 1024 * 1024;
/** A codex start that reaches a loopback server answers in about a second; nothing waits longer than this. */
export const RUN_TIMEOUT_MS = 15_000;
export const SYSTEM_PATH = '/usr/bin:/bin';

/** Runs a program with exactly `env`, stdin closed, killed (its whole group) after the timeout. Never throws. */
export function runProgram(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= OUTPUT_LIMIT) into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs ?? RUN_TIMEOUT_MS);
    void options.stopWhen?.then(killGroup, () => undefined);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout: '', stderr: error.message, timedOut: false });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      killGroup();
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

/** One line saying how a run ended, with the first lines of its stderr (codex's banner lines dropped). */
export function describeRun(result: RunResult): string {
  const how = result.timedOut ? 'timed out' : result.signal !== null ? `killed by ${result.signal}` : `exit ${String(result.code)}`;
  const lines = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /error|warning|refus|unknown|only|invalid|not /i.test(line) && !line.includes('PATH aliases'));
  return lines.length > 0 ? `${how}: ${lines.slice(0, 2).join(' / ').slice(0, 240)}` : how;
}

/** A loopback HTTP proxy that refuses every tunnel and records the host:port of each CONNECT. */
export interface ConnectRecorder {
  url: string;
  targets: string[];
  /** Resolves when a CONNECT to a target matching `pattern` arrives. */
  seen(pattern: RegExp): Promise<string>;
  close(): Promise<void>;
}

async function startConnectRecorder(): Promise<ConnectRecorder> {
  const targets: string[] = [];
  const waiters: { pattern: RegExp; resolve: (target: string) => void }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(403);
    res.end();
  });
  server.on('connection', (socket: Socket) => {
    // codex drops refused tunnels abruptly; a reset is expected, never an error here.
    socket.on('error', () => undefined);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, socket: Socket) => {
    const target = req.url ?? '';
    targets.push(target);
    for (const waiter of waiters) if (waiter.pattern.test(target)) waiter.resolve(target);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    seen: (pattern) =>
      new Promise((resolve) => {
        const already = targets.find((t) => pattern.test(t));
        if (already !== undefined) resolve(already);
        else waiters.push({ pattern, resolve });
      }),
    close: () =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, 2000);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** codex's arguments for one bounded, non-interactive turn (codex-facts.md). */
export const EXEC_TURN = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
/** The variable the stand-in provider reads its key from. */
export const STANDIN_KEY_VAR = 'CX_PROBE_KEY';
export const STANDIN_KEY = 'cx-probe-key-standin';
export const BASE_MODEL = 'probe-model-from-config';

/** A TOML basic string. */
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** config.toml sending every turn to the stand-in as custom provider `standin`; `extra` goes before the tables. */
export function standInConfig(url: string, extra = ''): string {
  return [
    'model_provider = "standin"',
    `model = ${tomlString(BASE_MODEL)}`,
    extra,
    '[analytics]',
    'enabled = false',
    '[model_providers.standin]',
    'name = "codex fact probe stand-in"',
    `base_url = ${tomlString(`${url}/v1`)}`,
    `env_key = ${tomlString(STANDIN_KEY_VAR)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

/** Built-in Amazon Bedrock, its base_url on the stand-in (codex then skips its own region check). */
export function bedrockConfig(url: string, extra = '', region = 'us-east-1'): string {
  return [
    'model_provider = "amazon-bedrock"',
    'model = "openai.gpt-5.5"',
    extra,
    '[analytics]',
    'enabled = false',
    '[model_providers.amazon-bedrock]',
    `base_url = ${tomlString(`${url}/openai/v1`)}`,
    '[model_providers.amazon-bedrock.aws]',
    `region = ${tomlString(region)}`,
    '',
  ].join('\n');
}

export interface Home {
  codexHome: string;
  /** A working directory outside any repository. */
  cwd: string;
  env: Record<string, string>;
}

export interface TurnOptions {
  /** config.toml, from the stand-in's URL. */
  config: (url: string) => string;
  /** Other files of CODEX_HOME (`x.config.toml`, `.env`), from the stand-in's URL. */
  files?: (url: string) => Record<string, string>;
  /** Variables beside PATH/HOME/CODEX_HOME (default: the stand-in key). */
  env?: Record<string, string>;
  args?: readonly string[];
  standIn?: StandInOptions;
  /** Run this program instead of the native codex (the npm launcher, through node). */
  program?: { file: string; args: readonly string[] };
}

export interface TurnResult {
  result: RunResult;
  turns: RecordedRequest[];
}

/** Everything one probe run of one codex needs; `cleanup` removes what it made. */
export class Kit {
  private readonly dirs: string[] = [];

  /**
   * `proxy`: a refusing loopback proxy every codex run goes through for anything but loopback
   * (codex also calls github.com and chatgpt.com in the background), so a probe never leaves the machine.
   */
  constructor(
    readonly target: CodexTarget,
    private readonly proxy: string | null = null,
  ) {}

  /** A kit whose codex runs reach nothing but loopback; `cleanup` stops its proxy. */
  static async offline(target: CodexTarget): Promise<Kit> {
    const proxy = await startConnectRecorder();
    const kit = new Kit(target, proxy.url);
    kit.stopProxy = proxy.close;
    return kit;
  }

  private stopProxy: (() => Promise<void>) | null = null;

  private proxyEnv(): Record<string, string> {
    if (this.proxy === null) return {};
    const loopback = '127.0.0.1,localhost,::1';
    return { HTTPS_PROXY: this.proxy, HTTP_PROXY: this.proxy, https_proxy: this.proxy, http_proxy: this.proxy, NO_PROXY: loopback, no_proxy: loopback };
  }

  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `cx-probe-${prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** A CODEX_HOME holding `files`, a HOME, a working directory, and the environment naming them. */
  home(files: Record<string, string>, env: Record<string, string> = {}): Home {
    const root = this.tempDir('home');
    const codexHome = join(root, 'codex-home');
    const cwd = join(root, 'work');
    for (const dir of [codexHome, cwd]) mkdirSync(dir, { mode: 0o700 });
    for (const [name, body] of Object.entries(files)) writeFileSync(join(codexHome, name), body, { mode: 0o600 });
    return { codexHome, cwd, env: { PATH: SYSTEM_PATH, HOME: root, CODEX_HOME: codexHome, LANG: 'C.UTF-8', ...this.proxyEnv(), ...env } };
  }

  codex(args: readonly string[], home: Home, options: { timeoutMs?: number; stopWhen?: Promise<unknown> } = {}): Promise<RunResult> {
    return runProgram(this.target.bin, args, { env: home.env, cwd: home.cwd, ...options });
  }

  /** A stand-in, a CODEX_HOME on it, one codex run (by default one exec turn); the stand-in is closed after. */
  async turn(options: TurnOptions): Promise<TurnResult> {
    const standIn: ResponsesStandIn = await startResponsesStandIn(options.standIn ?? {});
    try {
      const files = { 'config.toml': options.config(standIn.url), ...(options.files?.(standIn.url) ?? {}) };
      const home = this.home(files, options.env ?? { [STANDIN_KEY_VAR]: STANDIN_KEY });
      const args = options.args ?? EXEC_TURN;
      const result = options.program
        ? await runProgram(options.program.file, [...options.program.args, ...args], { env: home.env, cwd: home.cwd })
        : await this.codex(args, home);
      return { result, turns: standIn.turns() };
    } finally {
      await standIn.close();
    }
  }

  /** A codex run behind a loopback proxy that refuses every tunnel; stopped once `until` shows up among the targets. */
  async behindProxy(files: Record<string, string>, env: Record<string, string>, until: RegExp): Promise<{ result: RunResult; targets: string[] }> {
    const proxy = await startConnectRecorder();
    try {
      const home = this.home(files, { ...env, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, https_proxy: proxy.url, http_proxy: proxy.url });
      const result = await this.codex(EXEC_TURN, home, { stopWhen: proxy.seen(until) });
      return { result, targets: [...proxy.targets] };
    } finally {
      await proxy.close();
    }
  }

  async cleanup(): Promise<void> {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await this.stopProxy?.();
  }
}

export { mapLimit } from '../helpers/map-limit.ts';

/** The names of the tools in a request's top-level `tools` (their `type`, or `name` for functions). */
export function toolNames(request: RecordedRequest | undefined): string[] {
  const body = request?.body;
  const tools = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['tools'] : undefined;
  return (Array.isArray(tools) ? tools : []).map((tool: unknown) => {
    const t = (typeof tool === 'object' && tool !== null ? tool : {}) as Record<string, unknown>;
    return String(t['type'] === 'function' ? t['name'] : t['type']);
  });
}
