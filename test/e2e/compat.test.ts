// The compatibility preflight against the REAL codex (each end of the supported range) and a
// loopback Responses stand-in this file owns. What is asserted is what reached the stand-in — a
// request or none, its tools (web search on or off), service_tier, model, Authorization — not what
// cx says it did. Controls run the native codex alone on the same configuration, so each check is
// one that can fail. Every cx case runs on each runtime (spawn under this Node, execve under Node 22).
//
// Nothing here needs the keyring or AWS: the Bedrock bearer token and the gateway's key are in the
// environment (codex-facts.md: a non-empty AWS_BEARER_TOKEN_BEDROCK wins, sent as Bearer).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tomlString } from '../helpers/codex-home.ts';
import { type CodexUnderTest, codexRange, codexRuntimes } from '../helpers/codex-range.ts';
import { CX_BIN, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { type RecordedRequest, type ResponsesStandIn, bodyField, offeredTools, startResponsesStandIn, topLevelTools } from '../helpers/responses-stand-in.ts';

const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
const RUN_TIMEOUT = 15_000;
const TEST_TIMEOUT = 45_000;
const BLOCKED = 69;
const ANSWER = 'Hello from the stand-in.';

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});

interface Result {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a program in its own process group with exactly `env`, stdin /dev/null; on timeout the
 * whole group gets SIGKILL — cx and the codex it spawned alike (under spawn, killing cx alone
 * would leave codex running).
 */
function runBounded(file: string, args: readonly string[], env: Record<string, string>, cwd: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, RUN_TIMEOUT);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      // Anything the program left behind in its group goes too.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // none left
      }
      resolve({ exitCode, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

function diagnose(result: Result): string {
  return `exit ${String(result.exitCode)}, signal ${String(result.signal)}, timed out ${String(result.timedOut)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** cx's own stderr lines (codex's banner and warnings go to the same stream). */
function cxLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('cx:'));
}

// ---------------------------------------------------------------------------------------------
// Set-ups: profiles on the stand-in.

const GW_KEY_VAR = 'CX_E2E_COMPAT_GW_KEY';

/** Built-in Amazon Bedrock sent to the stand-in (its base_url overridden), openai.gpt-5.5. */
function bedrock(url: string, top = '', region = 'us-east-1'): string {
  return [
    'model_provider = "amazon-bedrock"',
    'model = "openai.gpt-5.5"',
    top,
    '[model_providers.amazon-bedrock]',
    `base_url = ${tomlString(`${url}/openai/v1`)}`,
    '[model_providers.amazon-bedrock.aws]',
    `region = ${tomlString(region)}`,
    '',
  ].join('\n');
}

/** A custom provider (a gateway) at the stand-in, its key from GW_KEY_VAR (sent as Bearer). */
function gateway(url: string, top = '', model = 'gw-model'): string {
  return [
    'model_provider = "gw"',
    `model = ${tomlString(model)}`,
    top,
    '[model_providers.gw]',
    'name = "cx e2e gateway"',
    `base_url = ${tomlString(`${url}/v1`)}`,
    `env_key = ${tomlString(GW_KEY_VAR)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

interface Setup {
  codex: CodexUnderTest;
  standIn: ResponsesStandIn;
  env: Record<string, string>;
  cwd: string;
  bearer: string;
  gwKey: string;
}

/** A stand-in, a CODEX_HOME with the profiles `profiles(url)` gives, and cx's config `cx`. */
async function setUp(codex: CodexUnderTest, profiles: (url: string) => Record<string, string>, cx = ''): Promise<Setup> {
  const standIn = await startResponsesStandIn({ answer: ANSWER });
  standIns.push(standIn);
  const codexHome = tempDir('cx-e2e-compat-home-');
  writeFileSync(join(codexHome, 'config.toml'), '[analytics]\nenabled = false\n');
  for (const [name, body] of Object.entries(profiles(standIn.url))) writeFileSync(join(codexHome, `${name}.config.toml`), body);
  const cxConfig = join(tempDir('cx-e2e-compat-cx-'), 'config.toml');
  writeFileSync(cxConfig, cx);
  const bearer = `bedrock-bearer-${randomBytes(8).toString('hex')}`;
  const gwKey = `gw-key-${randomBytes(8).toString('hex')}`;
  const env = cleanEnv({
    CODEX_HOME: codexHome,
    CX_CODEX_BIN: codex.bin,
    CX_CONFIG: cxConfig,
    AWS_BEARER_TOKEN_BEDROCK: bearer,
    AWS_EC2_METADATA_DISABLED: 'true',
    [GW_KEY_VAR]: gwKey,
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cx-e2e-compat-bus',
    CX_KEYRING_TIMEOUT_MS: '2000',
  });
  return { codex, standIn, env, cwd: tempDir('cx-e2e-compat-work-'), bearer, gwKey };
}

function native(setup: Setup, args: readonly string[]): Promise<Result> {
  return runBounded(setup.codex.bin, args, setup.env, setup.cwd);
}

/** The types of the tools in the request's top-level `tools`: where codex sends web_search. */
function toolTypes(request: RecordedRequest | undefined): string[] {
  return topLevelTools(request).map((tool) => String(tool['type']));
}

/**
 * The one request codex made for the turn; its function tools are there (so a missing web_search
 * means something), in the top-level `tools` or, for Bedrock on newer codex, in an
 * `additional_tools` input item.
 */
function theTurn(setup: Setup): RecordedRequest {
  const turns = setup.standIn.turns();
  expect(turns).toHaveLength(1);
  const turn = turns[0] as RecordedRequest;
  expect(offeredTools(turn).map((tool) => tool['type'])).toContain('function');
  return turn;
}

// ---------------------------------------------------------------------------------------------
// Controls: the native codex alone.

describe.each(codexRange())('controls: the native codex $version ($end), no cx', (codex) => {
  it('Bedrock with codex\'s default web search: the request offers the web_search tool', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ bedrock: bedrock(url) }));
    const result = await native(setup, ['-p', 'bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    const turn = theTurn(setup);
    expect(turn.path.split('?')[0]).toBe('/openai/v1/responses');
    expect(turn.headers['authorization']).toBe(`Bearer ${setup.bearer}`);
    expect(toolTypes(turn)).toContain('web_search');
  });

  it('the runs cx blocks would reach the provider: web_search = "live", an unsupported region, a bogus reasoning effort', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({
      live: bedrock(url, 'web_search = "live"'),
      region: bedrock(url, 'web_search = "disabled"', 'ca-central-1'),
      effort: bedrock(url, 'web_search = "disabled"\nmodel_reasoning_effort = "bogus"'),
    }));
    for (const profile of ['live', 'region', 'effort']) {
      const result = await native(setup, ['-p', profile, ...EXEC]);
      expect(result.exitCode, diagnose(result)).toBe(0);
    }
    const turns = setup.standIn.turns();
    expect(turns).toHaveLength(3);
    expect(toolTypes(turns[0])).toContain('web_search');
    // With base_url overridden, codex does not check the region itself.
    expect(turns[1]?.headers['authorization']).toBe(`Bearer ${setup.bearer}`);
    expect(bodyField(turns[2], 'reasoning')).toMatchObject({ effort: 'bogus' });
  });

  it('service_tier = "fast" is sent (as priority) to a custom provider, and dropped by codex for Bedrock', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ gw: gateway(url, 'service_tier = "fast"', 'gpt-5.5'), bedrock: bedrock(url, 'service_tier = "fast"') }));
    expect((await native(setup, ['-p', 'gw', ...EXEC])).exitCode).toBe(0);
    expect((await native(setup, ['-p', 'bedrock', ...EXEC])).exitCode).toBe(0);
    const [gw, onBedrock] = setup.standIn.turns();
    expect(bodyField(gw, 'service_tier')).toBe('priority');
    expect(bodyField(onBedrock, 'service_tier')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Through cx, on each runtime.

describe.each(codexRuntimes())('cx preflight with the real codex, $name', (runtime) => {
  const codex = runtime.codex;
  const cx = (setup: Setup, args: readonly string[]): Promise<Result> => runBounded(runtime.node, [CX_BIN, ...args], setup.env, setup.cwd);

  it('(a) Bedrock with codex\'s default web search: launched, and the request has NO web_search tool', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ bedrock: bedrock(url) }));
    const result = await cx(setup, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout.trim()).toBe(ANSWER);
    const turn = theTurn(setup);
    expect(turn.headers['authorization']).toBe(`Bearer ${setup.bearer}`);
    expect(bodyField(turn, 'model')).toBe('openai.gpt-5.5');
    expect(toolTypes(turn)).not.toContain('web_search');
    // Turning it off is info: nothing of cx's on stderr.
    expect(cxLines(result.stderr)).toEqual([]);
  });

  it('(b) Bedrock with web_search = "live": exit 69, one line, and the stand-in receives nothing', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ bedrock: bedrock(url, 'web_search = "live"') }));
    const result = await cx(setup, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(BLOCKED);
    expect(result.stdout).toBe('');
    expect(cxLines(result.stderr)).toHaveLength(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('web search');
    expect(setup.standIn.requests).toEqual([]);
  });

  it('(c) the same with --cx-force: the request arrives WITH the web_search tool, and stderr says forced', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ bedrock: bedrock(url, 'web_search = "live"') }));
    const result = await cx(setup, ['--cx-force', '+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout.trim()).toBe(ANSWER);
    expect(toolTypes(theTurn(setup))).toContain('web_search');
    expect(cxLines(result.stderr)).toEqual(['cx: warning: launching despite: web-search-unsupported (--cx-force)']);
  });

  it('(d) a warned run (service_tier on Bedrock): it reaches the stand-in, without service_tier; one warning line', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ bedrock: bedrock(url, 'service_tier = "fast"') }));
    const result = await cx(setup, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    const turn = theTurn(setup);
    expect(bodyField(turn, 'service_tier')).toBeUndefined();
    expect(toolTypes(turn)).not.toContain('web_search');
    const lines = cxLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cx: warning: service_tier = "fast" has no effect on Amazon Bedrock/);
  });

  it('(e) an unsupported region, or a bogus reasoning effort: exit 69, nothing received', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({
      region: bedrock(url, 'web_search = "disabled"', 'ca-central-1'),
      govcloud: bedrock(url, 'web_search = "disabled"', 'us-gov-west-1'),
      effort: bedrock(url, 'web_search = "disabled"\nmodel_reasoning_effort = "bogus"'),
    }));
    for (const [profile, says] of [['region', 'ca-central-1'], ['govcloud', 'GovCloud'], ['effort', 'bogus']] as const) {
      const result = await cx(setup, [`+${profile}`, ...EXEC]);
      expect(result.exitCode, diagnose(result)).toBe(BLOCKED);
      expect(cxLines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(says);
    }
    expect(setup.standIn.requests).toEqual([]);
  });

  it('(f) failover: bedrock is blocked, its fallback gw is used — gw\'s model and key arrive; one fallback-used line', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ bedrock: bedrock(url, 'web_search = "live"'), gw: gateway(url) }), '[fallbacks]\nbedrock = ["gw"]\n');
    const result = await cx(setup, ['+bedrock', ...EXEC]);
    expect(result.exitCode, diagnose(result)).toBe(0);
    expect(result.stdout.trim()).toBe(ANSWER);
    const turn = theTurn(setup);
    expect(turn.path.split('?')[0]).toBe('/v1/responses');
    expect(bodyField(turn, 'model')).toBe('gw-model');
    expect(turn.headers['authorization']).toBe(`Bearer ${setup.gwKey}`);
    expect(cxLines(result.stderr)).toEqual(['cx: warning: profile bedrock failed preflight (web-search-unsupported); using fallback gw']);
    expect(`${result.stdout}${result.stderr}`).not.toContain(setup.gwKey);
    expect(`${result.stdout}${result.stderr}`).not.toContain(setup.bearer);
  });
});
