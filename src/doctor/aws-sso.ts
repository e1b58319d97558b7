// doctor's verdict on the AWS SSO (IAM Identity Center) token behind the selected profile's AWS
// profile, read as the AWS SDK reads it (credentials/sso-token.ts). The token is never shown.
import type { Env } from '../config/home-dirs.ts';
import type { PlanWithCredentials } from '../credentials/apply-credentials.ts';
import { type AwsFiles, awsProfile, isSsoProfile, readAwsFiles, ssoTokenCachePath } from '../credentials/aws.ts';
import { type Requirement, requirementFor } from '../credentials/requirements.ts';
import { type CacheRead, SSO_EXPIRE_WINDOW_MS, parseSsoToken, readSsoCache } from '../credentials/sso-token.ts';
import { type Check, type CheckDetails, cxCheck } from './check.ts';

/** The AWS files as aws.ts reads them (readAwsFiles), as far as the SSO token needs them. */
export type AwsIni = Pick<AwsFiles, 'configPath' | 'config' | 'credentials'>;

export type SsoTarget =
  | { kind: 'missing-profile'; profile: string }
  | { kind: 'not-sso'; profile: string }
  | { kind: 'misconfigured'; profile: string; loginProfile: string; problem: string }
  /** `cacheId`: the sso-session name, or the start URL of a legacy profile. */
  | { kind: 'sso'; profile: string; loginProfile: string; session: string | null; cacheId: string };

/** Follows `source_profile` from `profile` to the profile that signs in with SSO, as the SDK does. Pure. */
export function ssoTarget(files: AwsIni, profile: string): SsoTarget {
  let current = profile;
  const seen = new Set<string>();
  for (;;) {
    const values = awsProfile(files, current);
    if (values === null) return current === profile ? { kind: 'missing-profile', profile } : { kind: 'not-sso', profile };
    if (isSsoProfile(values)) {
      const session = values.get('sso_session') ?? null;
      if (session !== null) {
        const section = files.config.get(`sso-session ${session}`);
        if (!section) return { kind: 'misconfigured', profile, loginProfile: current, problem: `[sso-session ${session}] is not in ${files.configPath}` };
        const missing = ['sso_start_url', 'sso_region'].filter((key) => !section.get(key));
        if (missing.length > 0) return { kind: 'misconfigured', profile, loginProfile: current, problem: `[sso-session ${session}] in ${files.configPath} has no ${missing.join(' or ')}` };
        return { kind: 'sso', profile, loginProfile: current, session, cacheId: session };
      }
      const startUrl = values.get('sso_start_url');
      if (!startUrl) return { kind: 'misconfigured', profile, loginProfile: current, problem: `AWS profile ${current} has SSO settings but neither sso_session nor sso_start_url` };
      return { kind: 'sso', profile, loginProfile: current, session: null, cacheId: startUrl };
    }
    seen.add(current);
    const next = values.get('source_profile');
    if (next === undefined || seen.has(next)) return { kind: 'not-sso', profile };
    current = next;
  }
}

/** "in 7h 59m" / "2h 3m ago". */
export function relativeTime(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text = minutes < 60 ? `${minutes}m` : minutes < 48 * 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${Math.floor(minutes / 1440)}d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The verdict on the cached token for `target` (an SSO profile). Pure. */
export function ssoTokenCheck(target: Extract<SsoTarget, { kind: 'sso' }>, cachePath: string, read: CacheRead, now: Date): Check {
  const login = `aws sso login --profile ${target.loginProfile}`;
  const via = target.loginProfile === target.profile ? '' : ` (through ${target.loginProfile})`;
  const what = target.session === null ? `the SSO login of AWS profile ${target.profile}${via}` : `SSO session ${target.session} of AWS profile ${target.profile}${via}`;
  const details: CheckDetails = { 'AWS profile': target.profile, 'login profile': target.loginProfile, cache: cachePath };
  if (read.kind === 'missing') return cxCheck('aws.sso', 'credentials', 'fail', `${what}: no cached token (never signed in on this machine, or logged out)`, login, details);
  if (read.kind === 'unreadable') return cxCheck('aws.sso', 'credentials', 'fail', `${what}: the cached token ${cachePath} ${read.reason}`, login, details);
  const token = parseSsoToken(read.text, target.session);
  if (!token.usable) {
    return cxCheck('aws.sso', 'credentials', 'fail', `${what}: ${cachePath} is not a usable SSO token cache (no accessToken or expiresAt)`, login, details);
  }
  const expires = token.expiresAt.getTime();
  const at = token.expiresAt.toISOString();
  details['expires at'] = at;
  const left = expires - now.getTime();
  const refreshable = token.refreshable;
  details['refreshable'] = refreshable ? 'yes (refresh token cached)' : 'no';
  if (left > SSO_EXPIRE_WINDOW_MS) return cxCheck('aws.sso', 'credentials', 'ok', `${what}: signed in until ${at} (${relativeTime(left)})`, null, details);
  if (refreshable) {
    const state = left > 0 ? `expires at ${at} (${relativeTime(left)})` : `expired at ${at} (${relativeTime(left)})`;
    return cxCheck('aws.sso', 'credentials', 'warning', `${what}: ${state}; the AWS SDK will try its cached refresh token`, `if that fails: ${login}`, details);
  }
  if (left > 0) return cxCheck('aws.sso', 'credentials', 'warning', `${what}: expires at ${at} (${relativeTime(left)})`, login, details);
  return cxCheck('aws.sso', 'credentials', 'fail', `${what}: expired at ${at} (${relativeTime(left)})`, login, details);
}

/** The whole check for one AWS profile, from the parsed AWS files; reads only the token cache. */
export function awsSsoCheck(files: AwsIni, profile: string, env: Env, now: Date): Check {
  const target = ssoTarget(files, profile);
  switch (target.kind) {
    case 'missing-profile':
      return cxCheck('aws.sso', 'credentials', 'skipped', `AWS profile ${profile} is not in ${files.configPath} or the shared credentials file`, null, { 'AWS profile': profile });
    case 'not-sso':
      return cxCheck('aws.sso', 'credentials', 'skipped', `AWS profile ${profile} does not sign in with SSO`, null, { 'AWS profile': profile });
    case 'misconfigured':
      return cxCheck('aws.sso', 'credentials', 'fail', target.problem, `fix ${files.configPath} (\`aws configure sso\` writes it)`, { 'AWS profile': profile });
    case 'sso': {
      const path = ssoTokenCachePath(env, target.cacheId);
      return ssoTokenCheck(target, path, readSsoCache(path), now);
    }
  }
}

/**
 * The SSO login behind the AWS profile a requirement names; null when the provider is not Amazon
 * Bedrock. `bearer`: a Bedrock bearer token is at hand, so no AWS profile is used.
 */
export function ssoCheckFor(requirement: Requirement, bearer: boolean, env: Env): Check | null {
  if (requirement.kind !== 'aws') return null;
  if (bearer) return cxCheck('aws.sso', 'credentials', 'skipped', 'not needed: a Bedrock bearer token (AWS_BEARER_TOKEN_BEDROCK) is used');
  if (requirement.profile === null && env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    return cxCheck('aws.sso', 'credentials', 'skipped', 'not needed: AWS keys are in the environment and no AWS profile is named');
  }
  return awsSsoCheck(readAwsFiles(env), requirement.profile ?? 'default', env, new Date());
}

/** The SSO login behind the selected profile's AWS profile, when its provider is Amazon Bedrock. */
export function ssoCheck(plan: PlanWithCredentials | null, env: Env): Check | null {
  if (plan === null) return null;
  const bearer = plan.credentials.some((c) => c.name === 'AWS_BEARER_TOKEN_BEDROCK' && c.source !== 'none');
  return ssoCheckFor(requirementFor(plan.settings, env), bearer, env);
}
