// cx driving the real codex (each end of the supported range: helpers/codex-range.ts) through a real turn against a
// loopback Responses API stand-in this file owns. What is asserted is what arrived at the far
// side — the request codex sent, the environment codex's own tool saw — not what cx says it did.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STANDIN_KEY_VAR, writeCodexHome } from '../helpers/codex-home.ts';
import { type CodexUnderTest, codexRange, codexRuntimes, launcherBinDir } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import {
  type ResponsesStandIn,
  type StandInOptions,
  answerEvents,
  bodyField,
  startResponsesStandIn,
  toolOutput,
} from '../helpers/responses-stand-in.ts';

const BASE_MODEL = 'model-from-config';
const ANSWER = `stand-in answer ${randomUUID()}`;
/** A made-up key: it only has to arrive at the stand-in unchanged. */
const KEY = `cx-test-key-${randomUUID()}`;
/** codex's own arguments for one bounded, non-interactive turn (codex-facts.md). */
const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
/** A turn takes well under a second; a test runs at most two codex processes, each bounded. */
const RUN_TIMEOUT = 10_000;
const TEST_TIMEOUT = 25_000;

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

interface Setup {
  standIn: ResponsesStandIn;
  env: Record<string, string>;
  cwd: string;
}

/** A stand-in, a CODEX_HOME pointing at it, and an environment in which `codex` on PATH is `codex`'s npm launcher. */
async function setUp(codex: CodexUnderTest, options: StandInOptions = {}, profiles: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<Setup> {
  const standIn = await startResponsesStandIn(options);
  standIns.push(standIn);
  const codexHome = writeCodexHome({ standInUrl: standIn.url, model: BASE_MODEL, profiles });
  const env = cleanEnv({
    PATH: `${launcherBinDir(codex)}${delimiter}${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    CODEX_HOME: codexHome,
    [STANDIN_KEY_VAR]: KEY,
    ...extraEnv,
  });
  // Outside this repository, so no project config or AGENTS.md of ours reaches codex.
  return { standIn, env, cwd: tempDir('cx-work-') };
}

/** Lines `NAME=value` of an `env | grep | sort` output, as a map. */
function envLines(output: string, pattern: RegExp): Record<string, string> {
  const found: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match && pattern.test(line)) found[match[1] as string] = match[2] as string;
  }
  return found;
}

/** First turn: make codex run `cmd` with its exec_command tool; second turn: a plain answer. */
function toolCallThenAnswer(cmd: string, callId: string): NonNullable<StandInOptions['reply']> {
  return (_request, index) =>
    index === 0
      ? {
          events: [
            {
              type: 'response.output_item.done',
              item: { type: 'function_call', id: `fc_${callId}`, call_id: callId, name: 'exec_command', arguments: JSON.stringify({ cmd }) },
            },
            { type: 'response.completed', response: { id: 'resp_tool_call' } },
          ],
        }
      : { events: answerEvents(ANSWER) };
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}, signal ${String(result.signal)}, timed out ${String(result.timedOut)}\nstderr:\n${result.stderr}`;
}

describe.each(codexRuntimes())('cx runs the real codex, $name', (runtime) => {
  const codex = runtime.codex;
  const launchMode = runtime.node === process.execPath ? 'spawn' : 'exec';
  const cx = (args: readonly string[], setup: Setup): Promise<CxResult> =>
    runCx(args, { env: setup.env, cwd: setup.cwd, node: runtime.node, timeoutMs: RUN_TIMEOUT });

  it('completes a turn: one POST /v1/responses with the configured model and key, the answer on stdout', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, { answer: ANSWER });
    const result = await cx(EXEC, setup);

    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout).toBe(ANSWER);
    expect(setup.standIn.requests.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`)).toEqual(['POST /v1/responses']);
    const [request] = setup.standIn.requests;
    expect(bodyField(request, 'model')).toBe(BASE_MODEL);
    expect(bodyField(request, 'stream')).toBe(true);
    expect(request?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(request?.headers['originator']).toBe('codex_exec');
  });

  it("a 401 from the provider ends cx with codex's own status and no answer", { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, { status: 401 });
    const direct = await runProgram(codex.bin, EXEC, { env: setup.env, cwd: setup.cwd, timeoutMs: RUN_TIMEOUT });
    expect(direct.timedOut, diagnose(direct)).toBe(false);
    expect(direct.exitCode, diagnose(direct)).not.toBe(0);
    expect(direct.stderr).toContain('unexpected status 401');

    const result = await cx(EXEC, setup);
    expect(result.exitCode, diagnose(result)).toBe(direct.exitCode);
    expect(result.signal).toBeUndefined();
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unexpected status 401');
    // One turn each, no retries: the direct run's and cx's.
    expect(setup.standIn.turns()).toHaveLength(2);
  });

  describe('a profile cx selects reaches codex', () => {
    const profiles = {
      fast: 'model = "model-from-profile"\n',
      other: 'model = "model-from-other"\n',
    };

    it.each([
      { how: '+fast', prefix: ['+fast'], env: {} },
      { how: 'CX_PROFILE=fast', prefix: [], env: { CX_PROFILE: 'fast' } },
      { how: 'CODEX_PROFILE=fast', prefix: [], env: { CODEX_PROFILE: 'fast' } },
    ])('selected by $how', { timeout: TEST_TIMEOUT }, async ({ prefix, env }) => {
      const setup = await setUp(codex, { answer: ANSWER }, profiles, env);
      const result = await cx([...prefix, ...EXEC], setup);

      expect(result.exitCode, diagnose(result)).toBe(0);
      expect(result.stdout).toBe(ANSWER);
      expect(setup.standIn.turns()).toHaveLength(1);
      expect(bodyField(setup.standIn.turns()[0], 'model')).toBe('model-from-profile');
    });

    it('an explicit -p in codex arguments wins over +fast', { timeout: TEST_TIMEOUT }, async () => {
      const setup = await setUp(codex, { answer: ANSWER }, profiles);
      const [exec, ...rest] = EXEC;
      const result = await cx(['+fast', exec ?? 'exec', '-p', 'other', ...rest], setup);

      expect(result.exitCode, diagnose(result)).toBe(0);
      expect(setup.standIn.turns()).toHaveLength(1);
      expect(bodyField(setup.standIn.turns()[0], 'model')).toBe('model-from-other');
    });
  });

  describe("codex gets the npm launcher's CODEX_MANAGED_* environment", () => {
    // codex's exec_command tool runs this and sends its output back in the next request.
    const CMD = "env | grep -E '^(CODEX_MANAGED_|CX_LAUNCH_GUARD=)' | sort";
    const MANAGED = /^CODEX_MANAGED_/;

    it.each([
      { how: 'no package manager hints', env: {}, managedBy: 'CODEX_MANAGED_BY_NPM' },
      {
        how: 'bun user agent and a stale CODEX_MANAGED_BY_NPM',
        env: { npm_config_user_agent: 'bun/1.2.0 npm/? node/v22.0.0 linux x64', CODEX_MANAGED_BY_NPM: '1' },
        managedBy: 'CODEX_MANAGED_BY_BUN',
      },
    ])('$how', { timeout: TEST_TIMEOUT }, async ({ env, managedBy }) => {
      // Reference: npm's launcher (node_modules/.bin/codex) run directly, under the same Node.
      const viaLauncher = await setUp(codex, { reply: toolCallThenAnswer(CMD, 'call_env_launcher') }, {}, env);
      const launched = await runProgram(runtime.node, [join(launcherBinDir(codex), 'codex'), ...EXEC], { env: viaLauncher.env, cwd: viaLauncher.cwd, timeoutMs: RUN_TIMEOUT });
      expect(launched.exitCode, diagnose(launched)).toBe(0);
      const expected = envLines(toolOutput(viaLauncher.standIn.turns()[1], 'call_env_launcher'), MANAGED);
      expect(expected).toEqual({
        CODEX_MANAGED_PACKAGE_ROOT: realpathSync(join(launcherBinDir(codex), '..', '@openai', 'codex')),
        [managedBy]: '1',
      });

      const viaCx = await setUp(codex, { reply: toolCallThenAnswer(CMD, 'call_env_cx') }, {}, env);
      const result = await cx(EXEC, viaCx);
      expect(result.exitCode, diagnose(result)).toBe(0);
      expect(result.stdout).toBe(ANSWER);
      const seen = toolOutput(viaCx.standIn.turns()[1], 'call_env_cx');
      expect(envLines(seen, MANAGED)).toEqual(expected);
      // And codex was started the way this runtime should start it (cx's mark says how).
      expect(envLines(seen, /^CX_LAUNCH_GUARD=/)['CX_LAUNCH_GUARD']).toMatch(new RegExp(`^\\d+:${launchMode}:1$`));
    });
  });
});

/** A loopback port nothing listens on (taken, then released): connecting to it is refused at once. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.each(codexRange())('a --remote run through cx, codex $version ($end)', (codex) => {
  // Whether this release has `exec --remote` (read from its help, not from its version).
  const hasRemote = spawnSync(codex.bin, ['exec', '--help'], { encoding: 'utf8', timeout: 10_000 }).stdout.includes('--remote <');

  it.skipIf(!hasRemote)('with a profile cx selected, codex accepts the arguments (it only fails to connect); with -p it refuses them', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, { answer: ANSWER }, { fast: 'model = "model-from-profile"\n' }, { CX_PROFILE: 'fast' });
    const args = ['exec', '--remote', `ws://127.0.0.1:${await refusedPort()}`, 'say hi'];
    // Control: what cx used to add makes codex refuse the run.
    const withProfile = await runProgram(codex.bin, ['-p', 'fast', ...args], { env: setup.env, cwd: setup.cwd, timeoutMs: RUN_TIMEOUT });
    expect(withProfile.exitCode, diagnose(withProfile)).toBe(1);
    expect(withProfile.stderr).toContain('configure the agent on the server');

    const result = await runCx(args, { env: setup.env, cwd: setup.cwd, timeoutMs: RUN_TIMEOUT });
    expect(result.timedOut, diagnose(result)).toBe(false);
    expect(result.stderr).not.toContain('configure the agent on the server');
    expect(result.stderr).toContain('failed to connect to remote app server');
    expect(result.stdout).toBe('');
    // Nothing went to the local provider.
    expect(setup.standIn.requests).toEqual([]);
  });
});
