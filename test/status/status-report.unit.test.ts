// What `cx status` decides from a planned run (pure; the process side is in status.test.ts): which
// findings are credential problems and in what order, whether the credentials are ready, the token
// command's program, the SSO state, and whether cx would launch.
import { describe, expect, it } from 'vitest';
import type { CheckedPlan } from '../../src/compat/preflight.ts';
import { CxError } from '../../src/cx-error.ts';
import type { Credential } from '../../src/credentials/resolve-credentials.ts';
import { type Check, cxCheck } from '../../src/doctor/check.ts';
import { EXIT } from '../../src/exit-status.ts';
import type { Finding } from '../../src/plan/finding.ts';
import { statusReport } from '../../src/status/status-report.ts';

const CODEX = { version: '1.2.3', problem: null };

interface PlanParts {
  runtime?: boolean;
  findings?: Finding[];
  credentials?: Credential[];
  refusal?: CxError | null;
  bin?: string | null;
  merged?: Record<string, unknown>;
  provider?: string;
  profileLogin?: { dir: string; problem: null; profile: string } | null;
}

// statusReport reads only these fields of a checked plan.
function plan(parts: PlanParts = {}): CheckedPlan {
  return {
    runtime: parts.runtime ?? true,
    findings: parts.findings ?? [],
    credentials: parts.credentials ?? [],
    refusal: parts.refusal ?? null,
    bin: parts.bin === undefined ? '/usr/bin/codex' : parts.bin,
    selection: { name: 'work', source: 'cxrc', at: '/repo/.cxrc:1', steps: [] },
    profileFile: '/home/me/.codex/work.config.toml',
    profileLogin: parts.profileLogin ?? null,
    settings: { provider: parts.provider ?? 'azure', model: 'dep', region: 'eu-west-1', regionFrom: 'the profile', merged: parts.merged ?? {} },
  } as unknown as CheckedPlan;
}

const key = (source: Credential['source']): Credential => ({
  name: 'AZURE_OPENAI_API_KEY',
  source,
  delivery: source === 'none' ? 'none' : 'env',
  from: 'environment (AZURE_OPENAI_API_KEY)',
  origin: { kind: 'environment', variable: 'AZURE_OPENAI_API_KEY' },
  expires: null,
  cachedUntil: null,
});

const finding = (level: Finding['level'], code: string, message: string, fix?: string): Finding => (fix === undefined ? { level, code, message } : { level, code, message, fix });
const ssoCheck = (status: Check['status'], remediation: string | null, details: Check['details'] = {}): Check => cxCheck('aws-sso', 'credentials', status, `SSO session dev: ${status}`, remediation, details);

describe('cx status: the report of a planned run', () => {
  it('says when the profile has a login of its own (cx login +PROFILE)', () => {
    const report = statusReport(plan({ profileLogin: { dir: '/state/cx/logins/k/work', problem: null, profile: 'work' } }), null, CODEX);
    expect(report.profile.ownLogin).toBe(true);
  });

  it('copies the profile, where it came from, the provider, region and model', () => {
    const report = statusReport(plan(), null, CODEX);
    expect(report.profile).toEqual({ name: 'work', source: 'cxrc', at: '/repo/.cxrc:1', file: '/home/me/.codex/work.config.toml', ownLogin: false });
    expect(report.provider).toEqual({ id: 'azure', region: 'eu-west-1', regionFrom: 'the profile' });
    expect(report.model).toBe('dep');
    expect(report.codex).toEqual({ bin: '/usr/bin/codex', version: '1.2.3', problem: null });
  });

  it('problems are the credential findings only (keyring-* included), errors before warnings, each with its fix or null', () => {
    const findings = [
      finding('warning', 'keyring-locked', 'the keyring is locked', 'unlock it'),
      finding('error', 'model-unknown', 'not a credential problem'),
      finding('error', 'credential-missing', 'AZURE_OPENAI_API_KEY not found'),
      finding('warning', 'my-keyring-notice', 'not a keyring- code'),
    ];
    const report = statusReport(plan({ findings }), null, CODEX);
    expect(report.credentials.problems).toEqual([
      { message: 'AZURE_OPENAI_API_KEY not found', fix: null },
      { message: 'the keyring is locked', fix: 'unlock it' },
    ]);
  });

  it('errors first, then warnings, each in the order found', () => {
    const findings = [
      finding('warning', 'keyring-locked', 'w1'),
      finding('warning', 'keyring-slow', 'w2'),
      finding('error', 'credential-missing', 'e1'),
      finding('error', 'aws-credentials', 'e2'),
    ];
    expect(statusReport(plan({ findings }), null, CODEX).credentials.problems.map((p) => p.message)).toEqual(['e1', 'e2', 'w1', 'w2']);
  });

  it('a run not refused that found nothing and was told of no problem is ready (a provider that needs nothing)', () => {
    expect(statusReport(plan(), null, CODEX).credentials.ready).toBe(true);
  });

  it.each(['credential-missing', 'aws-sso-expired', 'aws-credentials', 'token-command-failed'])('an error finding %s means not ready', (code) => {
    const report = statusReport(plan({ credentials: [key('env')], findings: [finding('error', code, 'no')] }), null, CODEX);
    expect(report.credentials.ready).toBe(false);
    expect(report.credentials.problems).toEqual([{ message: 'no', fix: null }]);
  });

  it('a keyring warning alone leaves the credentials ready', () => {
    const report = statusReport(plan({ credentials: [key('env')], findings: [finding('warning', 'keyring-slow', 'slow')] }), null, CODEX);
    expect(report.credentials.ready).toBe(true);
  });

  it('a credential not found means not ready, and only found ones are listed', () => {
    const report = statusReport(plan({ credentials: [key('none'), key('keyring')] }), null, CODEX);
    expect(report.credentials.ready).toBe(false);
    expect(report.credentials.found).toEqual([key('keyring')]);
    expect(statusReport(plan({ credentials: [key('env')] }), null, CODEX).credentials.ready).toBe(true);
  });

  it('a failed SSO login: not ready, and its remediation added unless a problem already says it', () => {
    const failed = ssoCheck('fail', 'aws sso login --profile dev');
    const alone = statusReport(plan({ credentials: [key('env')] }), failed, CODEX);
    expect(alone.credentials.ready).toBe(false);
    expect(alone.credentials.problems).toEqual([{ message: 'SSO session dev: fail', fix: 'aws sso login --profile dev' }]);
    const said = statusReport(plan({ findings: [finding('error', 'aws-sso-expired', 'expired', 'run: aws sso login --profile dev')] }), failed, CODEX);
    expect(said.credentials.problems).toEqual([{ message: 'expired', fix: 'run: aws sso login --profile dev' }]);
    const other = statusReport(plan({ findings: [finding('error', 'aws-sso-expired', 'expired', 'run: something else')] }), failed, CODEX);
    expect(other.credentials.problems.map((p) => p.message)).toEqual(['expired', 'SSO session dev: fail']);
    const unfixed = statusReport(plan({ findings: [finding('error', 'aws-sso-expired', 'expired')] }), failed, CODEX);
    expect(unfixed.credentials.problems.map((p) => p.message)).toEqual(['expired', 'SSO session dev: fail']);
  });

  it('a failed SSO check without a remediation is still added (nothing can already say it)', () => {
    const report = statusReport(plan({ findings: [finding('error', 'aws-sso-expired', 'expired', 'run: x')] }), ssoCheck('fail', null), CODEX);
    expect(report.credentials.problems).toEqual([{ message: 'expired', fix: 'run: x' }, { message: 'SSO session dev: fail', fix: null }]);
  });

  it('an SSO check that did not fail adds no problem and keeps the credentials ready', () => {
    const report = statusReport(plan({ credentials: [key('env')] }), ssoCheck('warning', 'aws sso login'), CODEX);
    expect(report.credentials.ready).toBe(true);
    expect(report.credentials.problems).toEqual([]);
  });

  it('the SSO state: none without a check or when skipped; else its status, summary and expiry (a string only)', () => {
    expect(statusReport(plan(), null, CODEX).credentials.sso).toBeNull();
    expect(statusReport(plan(), ssoCheck('skipped', null), CODEX).credentials.sso).toBeNull();
    expect(statusReport(plan(), ssoCheck('ok', null, { 'expires at': '2026-12-03T20:00:00Z' }), CODEX).credentials.sso).toEqual({ status: 'ok', summary: 'SSO session dev: ok', expiresAt: '2026-12-03T20:00:00Z' });
    expect(statusReport(plan(), ssoCheck('warning', null, { 'expires at': ['a', 'b'] }), CODEX).credentials.sso).toEqual({ status: 'warning', summary: 'SSO session dev: warning', expiresAt: null });
  });

  it('a run refused before the credentials stage: not looked up (null), unless the SSO login failed', () => {
    const refusal = new CxError('web search is not available', EXIT.config);
    expect(statusReport(plan({ refusal }), null, CODEX).credentials.ready).toBeNull();
    expect(statusReport(plan({ refusal }), ssoCheck('fail', 'aws sso login'), CODEX).credentials.ready).toBe(false);
  });

  it('a refused run whose credentials were looked up (found, or a credential finding) is judged', () => {
    const refusal = new CxError('refused', EXIT.blocked);
    expect(statusReport(plan({ refusal, credentials: [key('env')] }), null, CODEX).credentials.ready).toBe(true);
    expect(statusReport(plan({ refusal, findings: [finding('error', 'credential-missing', 'none')] }), null, CODEX).credentials.ready).toBe(false);
  });

  it('a command that runs no model needs no credentials: ready, even when refused', () => {
    const refusal = new CxError('refused', EXIT.config);
    expect(statusReport(plan({ runtime: false, refusal }), null, CODEX).credentials.ready).toBe(true);
  });

  it('launch only when nothing refuses and codex was found; the exit status is the refusal\'s, else 0', () => {
    expect(statusReport(plan(), null, CODEX)).toMatchObject({ launch: true, exitStatus: 0 });
    expect(statusReport(plan({ bin: null }), null, CODEX)).toMatchObject({ launch: false, exitStatus: 0 });
    expect(statusReport(plan({ refusal: new CxError('no', EXIT.blocked) }), null, CODEX)).toMatchObject({ launch: false, exitStatus: EXIT.blocked });
  });

  it('the token command: the program (base name, trimmed) of the selected provider\'s auth.command, else null', () => {
    const auth = (command: unknown, provider = 'azure') => statusReport(plan({ merged: { model_providers: { [provider]: { auth: { command, args: ['--secret'] } } } } }), null, CODEX).credentials.tokenCommand;
    expect(auth(' /usr/local/bin/az ')).toBe('az');
    expect(auth('gcloud')).toBe('gcloud');
    expect(auth('   ')).toBeNull();
    expect(auth(['az'])).toBeNull();
    expect(auth('az', 'other')).toBeNull();
    expect(statusReport(plan({ merged: { model_providers: { azure: { auth: 'az' } } } }), null, CODEX).credentials.tokenCommand).toBeNull();
    expect(statusReport(plan({ merged: { model_providers: { azure: 'az' } } }), null, CODEX).credentials.tokenCommand).toBeNull();
    expect(statusReport(plan({ merged: { model_providers: 'azure' } }), null, CODEX).credentials.tokenCommand).toBeNull();
  });
});
