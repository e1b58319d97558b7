// A loopback stand-in for the three AWS services the credential chain talks to (testing-real-parts.md,
// "AWS without AWS"): IAM Identity Center's portal (SSO GetRoleCredentials), SSO-OIDC (token
// refresh) and STS (AssumeRole, AssumeRoleWithWebIdentity). Point the SDK at it with the
// variables from `endpointEnv()`. It records every request so tests can assert on what arrived.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AwsService = 'sso' | 'sso-oidc' | 'sts' | 'unknown';

export interface ReceivedRequest {
  service: AwsService;
  /** GetRoleCredentials, CreateToken, AssumeRole, AssumeRoleWithWebIdentity, or the path. */
  action: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Form fields (STS) or JSON fields (SSO-OIDC) of the body. */
  fields: Record<string, string>;
  /** The access key id the request was signed with (STS AssumeRole), from the Authorization header. */
  signedWith: string | null;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface AwsStandIn {
  url: string;
  requests: ReceivedRequest[];
  /** SSO access tokens GetRoleCredentials accepts (anything else: 401 UnauthorizedException). */
  ssoAccessTokens: Set<string>;
  /** SSO-OIDC refresh tokens CreateToken accepts; each use issues a new access token, accepted above. */
  refreshTokens: Set<string>;
  /** How long issued credentials live (default one hour). */
  credentialLifetimeMs: number;
  /** What was issued, by access key id, so tests can compare. */
  issued: Map<string, IssuedCredentials>;
  /** The variables that send the SDK here. */
  endpointEnv(): Record<string, string>;
  close(): Promise<void>;
}

function headerMap(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function stsXml(action: string, credentials: IssuedCredentials, roleArn: string): string {
  const session = roleArn.split('/').pop() ?? 'role';
  return `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${action}Result>
    <Credentials>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <Expiration>${credentials.expiration.toISOString()}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>${xmlEscape(roleArn.replace(':role/', ':assumed-role/').replace(':iam::', ':sts::'))}/cx</Arn>
      <AssumedRoleId>AROASTANDIN:${xmlEscape(session)}</AssumedRoleId>
    </AssumedRoleUser>
  </${action}Result>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</${action}Response>`;
}

function stsError(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>0</RequestId></ErrorResponse>`;
}

export async function startAwsStandIn(): Promise<AwsStandIn> {
  const requests: ReceivedRequest[] = [];
  const ssoAccessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const issued = new Map<string, IssuedCredentials>();
  let serial = 0;
  const state = { credentialLifetimeMs: 3_600_000 };

  function issue(kind: string): IssuedCredentials {
    serial += 1;
    const id = `ASIA${kind.toUpperCase()}${String(serial).padStart(6, '0')}`;
    const credentials = {
      accessKeyId: id,
      secretAccessKey: `secret-${kind}-${serial}`,
      sessionToken: `session-${kind}-${serial}`,
      // Whole seconds: STS and SSO report expirations at that precision.
      expiration: new Date(Math.floor((Date.now() + state.credentialLifetimeMs) / 1000) * 1000),
    };
    issued.set(id, credentials);
    return credentials;
  }

  function send(response: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
    response.end(body);
  }

  function handle(request: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers = headerMap(request);
    const query = Object.fromEntries(url.searchParams.entries());
    const record: ReceivedRequest = { service: 'unknown', action: url.pathname, method: request.method ?? '', path: url.pathname, query, headers, fields: {}, signedWith: null };
    requests.push(record);

    if (request.method === 'GET' && url.pathname === '/federation/credentials') {
      record.service = 'sso';
      record.action = 'GetRoleCredentials';
      const token = headers['x-amz-sso_bearer_token'];
      if (token === undefined || !ssoAccessTokens.has(token)) {
        send(response, 401, 'application/json', JSON.stringify({ message: 'Session token not found or invalid' }), { 'x-amzn-errortype': 'UnauthorizedException' });
        return;
      }
      if (!query['role_name'] || !query['account_id']) {
        send(response, 400, 'application/json', JSON.stringify({ message: 'role_name and account_id are required' }), { 'x-amzn-errortype': 'InvalidRequestException' });
        return;
      }
      const c = issue('sso');
      send(response, 200, 'application/json', JSON.stringify({ roleCredentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration.getTime() } }));
      return;
    }

    if (request.method === 'POST' && url.pathname === '/token') {
      record.service = 'sso-oidc';
      record.action = 'CreateToken';
      let fields: Record<string, unknown> = {};
      try {
        fields = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      record.fields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
      const refresh = record.fields['refreshToken'];
      if (record.fields['grantType'] !== 'refresh_token' || refresh === undefined || !refreshTokens.has(refresh)) {
        send(response, 400, 'application/json', JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token not accepted' }), { 'x-amzn-errortype': 'InvalidGrantException' });
        return;
      }
      serial += 1;
      const accessToken = `refreshed-access-${serial}`;
      const nextRefresh = `refresh-${serial}`;
      ssoAccessTokens.add(accessToken);
      refreshTokens.delete(refresh);
      refreshTokens.add(nextRefresh);
      send(response, 200, 'application/json', JSON.stringify({ accessToken, tokenType: 'Bearer', expiresIn: 28_800, refreshToken: nextRefresh }));
      return;
    }

    if (request.method === 'POST' && url.pathname === '/') {
      record.service = 'sts';
      record.fields = Object.fromEntries(new URLSearchParams(body).entries());
      record.action = record.fields['Action'] ?? 'unknown';
      const auth = headers['authorization'] ?? '';
      const signed = /Credential=([^/]+)\//.exec(auth);
      record.signedWith = signed?.[1] ?? null;
      const roleArn = record.fields['RoleArn'] ?? '';
      if (record.action === 'AssumeRole') {
        if (record.signedWith === null) {
          send(response, 403, 'text/xml', stsError('MissingAuthenticationToken', 'Request is missing Authentication Token'));
          return;
        }
        send(response, 200, 'text/xml', stsXml('AssumeRole', issue('role'), roleArn));
        return;
      }
      if (record.action === 'AssumeRoleWithWebIdentity') {
        if (!record.fields['WebIdentityToken']) {
          send(response, 400, 'text/xml', stsError('InvalidIdentityToken', 'no token'));
          return;
        }
        send(response, 200, 'text/xml', stsXml('AssumeRoleWithWebIdentity', issue('webid'), roleArn));
        return;
      }
      send(response, 400, 'text/xml', stsError('InvalidAction', `unknown action ${record.action}`));
      return;
    }

    send(response, 404, 'application/json', JSON.stringify({ message: `no route for ${request.method} ${url.pathname}` }));
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  // Bounded: a stuck client never keeps the server (or the test) alive.
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    requests,
    ssoAccessTokens,
    refreshTokens,
    issued,
    get credentialLifetimeMs() {
      return state.credentialLifetimeMs;
    },
    set credentialLifetimeMs(value: number) {
      state.credentialLifetimeMs = value;
    },
    endpointEnv: () => ({ AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url, AWS_ENDPOINT_URL_STS: url }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
