// An AWS SSO (IAM Identity Center) token cache file, ~/.aws/sso/cache/sha1(ID).json, as the AWS
// SDKs read it — the JS SDK cx uses and the Rust SDK codex uses alike. Only `expiresAt` and whether
// a refresh is possible are looked at; the token is never shown.
import { readTextFile } from '../config/read-text-file.ts';

/** The SDKs treat a token this close to expiry as expired and refresh it (EXPIRE_WINDOW_MS). */
export const SSO_EXPIRE_WINDOW_MS = 5 * 60 * 1000;

export type CacheRead = { kind: 'missing' } | { kind: 'unreadable'; reason: string } | { kind: 'text'; text: string };

export function readSsoCache(path: string): CacheRead {
  const read = readTextFile(path, 1024 * 1024);
  if (read.ok) return { kind: 'text', text: read.text };
  return read.missing ? { kind: 'missing' } : { kind: 'unreadable', reason: read.reason };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** What a token cache file holds: a token and its expiry, or nothing usable. Pure. */
export type SsoToken = { usable: false } | { usable: true; expiresAt: Date; refreshable: boolean };

export function parseSsoToken(text: string, session: string | null): SsoToken {
  let token: unknown;
  try {
    token = JSON.parse(text);
  } catch {
    token = null;
  }
  const record = typeof token === 'object' && token !== null ? (token as Record<string, unknown>) : {};
  const expiresAt = str(record['expiresAt']);
  const expires = expiresAt === null ? Number.NaN : Date.parse(expiresAt);
  if (str(record['accessToken']) === null || Number.isNaN(expires)) return { usable: false };
  // Only an sso-session token is refreshed by the SDK, and only with these three cached.
  const refreshable = session !== null && ['clientId', 'clientSecret', 'refreshToken'].every((key) => str(record[key]) !== null);
  return { usable: true, expiresAt: new Date(expires), refreshable };
}

/** Whether a token is live at `now`: usable and outside the expiry window. */
export function ssoTokenLive(token: SsoToken, now: Date): boolean {
  return token.usable && token.expiresAt.getTime() - SSO_EXPIRE_WINDOW_MS > now.getTime();
}
