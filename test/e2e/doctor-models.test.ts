// `cx doctor` checks the selected model against the provider's own model list (GET
// {base_url}/models) where the credentials allow a bearer request: the launch itself only warns on a
// pattern (an article's `model = "anthropic.claude-sonnet-4-20250514"` on Bedrock). Asserted on what
// the loopback stand-in received, and on the check doctor reports.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tomlString } from '../helpers/codex-home.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type ResponsesStandIn, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

const BEARER = 'bedrock-bearer-SENTINEL-93c1';
const GW_KEY = 'gw-key-SENTINEL-5e07';
const LISTED = ['openai.gpt-5.5', 'openai.gpt-oss-120b'];

interface DoctorCheck {
  status: string;
  summary: string;
  remediation: string | null;
}

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((s) => s.close()));
});

const bedrock = (url: string, model: string): string =>
  `model_provider = "amazon-bedrock"\nmodel = ${tomlString(model)}\nweb_search = "disabled"\n[model_providers.amazon-bedrock]\nbase_url = ${tomlString(`${url}/openai/v1`)}\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\n`;
const gateway = (url: string, model: string): string =>
  `model_provider = "gw"\nmodel = ${tomlString(model)}\n[model_providers.gw]\nname = "gw"\nbase_url = ${tomlString(`${url}/gw/v1`)}\nenv_key = "CX_MODELS_GW_KEY"\nquery_params = { api-version = "2025-04-01-preview" }\n`;

async function doctor(profile: (url: string) => string, env: Record<string, string>, envFile = ''): Promise<{ result: CxResult; check: DoctorCheck | undefined; standIn: ResponsesStandIn }> {
  const standIn = await startResponsesStandIn({ models: LISTED });
  standIns.push(standIn);
  const codexHome = tempDir('cx-doctor-models-home-');
  writeFileSync(join(codexHome, 'config.toml'), '[analytics]\nenabled = false\n');
  writeFileSync(join(codexHome, 'p.config.toml'), profile(standIn.url));
  if (envFile !== '') writeFileSync(join(codexHome, '.env'), envFile, { mode: 0o600 });
  const result = await runCx(['doctor', '--json', '--cx-only', '+p'], {
    env: cleanEnv({ CODEX_HOME: codexHome, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/cx-models-bus', CX_KEYRING_TIMEOUT_MS: '2000', AWS_EC2_METADATA_DISABLED: 'true', ...env }),
    cwd: tempDir('cx-doctor-models-cwd-'),
  });
  const report = JSON.parse(result.stdout) as { checks: Record<string, DoctorCheck> };
  for (const secret of [BEARER, GW_KEY]) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  return { result, check: report.checks['cx.model.listed'], standIn };
}

describe('cx doctor: the model against the provider\'s model list', () => {
  it("an article's Bedrock model that the provider does not list: fail, naming the ids it does", async () => {
    const { result, check, standIn } = await doctor((url) => bedrock(url, 'anthropic.claude-sonnet-4-20250514'), { AWS_BEARER_TOKEN_BEDROCK: BEARER });
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /openai/v1/models']);
    expect(standIn.requests[0]?.headers['authorization']).toBe(`Bearer ${BEARER}`);
    expect(check).toMatchObject({ status: 'fail' });
    expect(check?.summary).toContain('anthropic.claude-sonnet-4-20250514 is not in amazon-bedrock');
    expect(check?.remediation).toContain('openai.gpt-5.5');
    expect(result.exitCode).toBe(1);
  });

  it('a listed Bedrock model: ok', async () => {
    const { check } = await doctor((url) => bedrock(url, 'openai.gpt-5.5'), { AWS_BEARER_TOKEN_BEDROCK: BEARER });
    expect(check).toMatchObject({ status: 'ok' });
  });

  it("a gateway: its key from $CODEX_HOME/.env, its query params, codex's own way", async () => {
    const { check, standIn } = await doctor((url) => gateway(url, 'openai.gpt-oss-120b'), {}, `CX_MODELS_GW_KEY=${GW_KEY}\n`);
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gw/v1/models?api-version=2025-04-01-preview']);
    expect(standIn.requests[0]?.headers['authorization']).toBe(`Bearer ${GW_KEY}`);
    expect(check).toMatchObject({ status: 'ok' });
  });

  it('Bedrock with AWS keys only (SigV4): not verified, and nothing sent', async () => {
    const { check, standIn } = await doctor((url) => bedrock(url, 'anthropic.claude-sonnet-4-20250514'), { AWS_ACCESS_KEY_ID: 'AKIAMODELS0000000000', AWS_SECRET_ACCESS_KEY: 'models-secret-SENTINEL' });
    expect(standIn.requests).toEqual([]);
    expect(check).toMatchObject({ status: 'skipped' });
    expect(check?.summary).toContain('bearer token');
  });
});
