// Mistakes caught before a model call (issue 13 §5), against the REAL codex (each end of the
// supported range) and a loopback Responses stand-in: a mistyped model_provider, which codex itself
// only rejects after its banner (exit 1, a Rust backtrace), and a run with several blocking findings.
// Asserted: what reached the stand-in (nothing when cx refuses), not only what cx says. Each refusal
// has a control: the native codex on the same configuration really fails (or really calls the model).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tomlString } from '../helpers/codex-home.ts';
import { type CodexUnderTest, codexRange } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type ResponsesStandIn, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
const TEST_TIMEOUT = 45_000;
const CONFIG_STATUS = 78;
const BLOCKED = 69;

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});

/** Amazon Bedrock at the stand-in, with `provider` as written in the profile (maybe mistyped). */
function bedrock(url: string, provider: string, top = ''): string {
  return [
    `model_provider = ${tomlString(provider)}`,
    'model = "openai.gpt-5.5"',
    top,
    '[model_providers.amazon-bedrock]',
    `base_url = ${tomlString(`${url}/openai/v1`)}`,
    '[model_providers.amazon-bedrock.aws]',
    'region = "us-east-1"',
    '',
  ].join('\n');
}

interface Setup {
  standIn: ResponsesStandIn;
  env: Record<string, string>;
  cwd: string;
  home: string;
}

async function setUp(codex: CodexUnderTest, profiles: (url: string) => Record<string, string>): Promise<Setup> {
  const standIn = await startResponsesStandIn({ answer: 'hi' });
  standIns.push(standIn);
  const home = tempDir('cx-e2e-mistakes-home-');
  writeFileSync(join(home, 'config.toml'), '[analytics]\nenabled = false\n');
  for (const [name, body] of Object.entries(profiles(standIn.url))) writeFileSync(join(home, `${name}.config.toml`), body);
  const env = cleanEnv({
    CODEX_HOME: home,
    CX_CODEX_BIN: codex.bin,
    AWS_BEARER_TOKEN_BEDROCK: 'bedrock-bearer-mistakes',
    AWS_EC2_METADATA_DISABLED: 'true',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cx-e2e-mistakes-bus',
  });
  return { standIn, env, cwd: tempDir('cx-e2e-mistakes-work-'), home };
}

function cxLines(result: CxResult): string[] {
  return result.stderr.split('\n').filter((line) => line.startsWith('cx:'));
}

describe.each(codexRange())('codex $version ($end)', (codex) => {
  it('control: codex alone with model_provider = "amazon-bedrok" fails (exit 1, "not found") without a request', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ typo: bedrock(url, 'amazon-bedrok') }));
    const result = await runProgram(codex.bin, ['-p', 'typo', ...EXEC], { env: setup.env, cwd: setup.cwd, timeoutMs: 15_000 });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Model provider `amazon-bedrok` not found');
    expect(setup.standIn.requests).toEqual([]);
  });

  it('cx refuses model_provider = "amazon-bedrok" before codex starts: 78, file and line, the nearest id; the fixed name runs a turn', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ typo: bedrock(url, 'amazon-bedrok'), fixed: bedrock(url, 'amazon-bedrock', 'web_search = "disabled"') }));
    const marker = join(setup.cwd, 'codex-started');
    // A codex that would leave a mark: cx must not start it at all.
    const wrapper = join(tempDir('cx-e2e-mistakes-bin-'), 'codex');
    writeFileSync(wrapper, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\nexec ${JSON.stringify(codex.bin)} "$@"\n`, { mode: 0o755 });
    const env = { ...setup.env, CX_CODEX_BIN: wrapper };
    const refused = await runCx(['+typo', ...EXEC], { env, cwd: setup.cwd });
    expect(refused.exitCode, refused.stderr).toBe(CONFIG_STATUS);
    expect(cxLines(refused)).toEqual([
      `cx: ${join(setup.home, 'typo.config.toml')}:1: model_provider = "amazon-bedrok" is neither built into codex nor defined in [model_providers]; codex would refuse to start (did you mean "amazon-bedrock"?) — write model_provider = "amazon-bedrock", or define [model_providers.amazon-bedrok]`,
    ]);
    expect(refused.stderr).not.toContain('--cx-force'); // codex would refuse it anyway
    expect(refused.stderr).not.toContain('backtrace');
    expect(refused.stdout).toBe('');
    expect(setup.standIn.requests).toEqual([]);
    expect(existsSync(marker)).toBe(false);

    // explain and doctor say the same, and exit as the launch would.
    const explained = await runCx(['explain', '+typo', ...EXEC], { env, cwd: setup.cwd });
    expect(explained.exitCode).toBe(CONFIG_STATUS);
    expect(explained.stdout.replace(/\s+/g, ' ')).toContain('model_provider = "amazon-bedrok" is neither built into codex');
    const doctor = await runCx(['doctor', '--json', '--cx-only', '+typo'], { env, cwd: setup.cwd });
    expect(doctor.exitCode).toBe(1);
    expect((JSON.parse(doctor.stdout) as { checks: Record<string, { status: string }> }).checks['cx.finding.provider-unknown']?.status).toBe('fail');
    expect(setup.standIn.requests).toEqual([]);

    const fixed = await runCx(['+fixed', ...EXEC], { env: setup.env, cwd: setup.cwd });
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    expect(setup.standIn.turns()).toHaveLength(1);
  });

  it('a launch with several blocking findings names every one at once, and codex gets no request', { timeout: TEST_TIMEOUT }, async () => {
    const setup = await setUp(codex, (url) => ({ both: bedrock(url, 'amazon-bedrock', 'web_search = "live"\nmodel_reasoning_effort = "bogus"') }));
    const refused = await runCx(['+both', ...EXEC], { env: setup.env, cwd: setup.cwd });
    expect(refused.exitCode, refused.stderr).toBe(BLOCKED);
    // One line per problem, each with its fix, then the one --cx-force offer.
    const lines = cxLines(refused);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^cx: this run asks for web search \(web_search = "live", from the config\) but Amazon Bedrock .* — set web_search = "disabled" in this profile/);
    expect(lines[1]).toMatch(/^cx: model_reasoning_effort = "bogus" .* — use one of /);
    expect(lines[2]).toBe('cx: or pass --cx-force to launch anyway, despite all of these');
    expect(setup.standIn.requests).toEqual([]);
  });
});
