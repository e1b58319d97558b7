// Where a credential really comes from, and how long it lasts (issue 14 §2): a structured origin for
// `explain --json` and doctor's details, and the one wording explain and doctor both print. Pure.

export type CredentialOrigin =
  | { kind: 'environment'; variable: string }
  | { kind: 'codex-home-env'; file: string; variable: string }
  | { kind: 'keyring'; scope: 'profile'; profile: string; entry: string }
  | { kind: 'keyring'; scope: 'global'; entry: string }
  /** `profile`: the login is that profile's own (`cx login +PROFILE`), not codex's. */
  | { kind: 'chatgpt-login'; profile?: string }
  | { kind: 'token-command'; program: string; what: string | null }
  /** IAM Identity Center: `session` null for a legacy profile (start URL in the profile). */
  | { kind: 'aws-sso'; awsProfile: string; session: string | null; tokenExpires: string | null; tokenExpired: boolean }
  | { kind: 'aws-role'; awsProfile: string; roleArn: string; sourceProfile: string | null; credentialSource: string | null }
  /** The program only: its arguments may carry secrets. */
  | { kind: 'aws-credential-process'; awsProfile: string; program: string }
  | { kind: 'aws-web-identity'; awsProfile: string | null; roleArn: string | null; tokenFile: string | null }
  | { kind: 'aws-shared-files'; awsProfile: string }
  | { kind: 'aws-environment' }
  | { kind: 'aws-container-or-instance' }
  | { kind: 'missing'; lookedIn: string };

/** What explain and doctor say about one origin, with its lifetime; `cachedUntil`: cx's keyring cache. */
export function describeOrigin(origin: CredentialOrigin, expires: string | null, cachedUntil: string | null): string {
  const base = originText(origin);
  const lasts = expires === null ? '' : `, expires at ${expires}`;
  const cached = cachedUntil === null ? '' : `, cached by cx in the keyring until ${cachedUntil}`;
  return `${base}${lasts}${cached}`;
}

function originText(origin: CredentialOrigin): string {
  switch (origin.kind) {
    case 'environment':
      return `environment (${origin.variable})`;
    case 'codex-home-env':
      return `$CODEX_HOME/.env (${origin.file})`;
    case 'keyring':
      return origin.scope === 'profile' ? `keyring, for profile ${origin.profile}` : 'keyring (global)';
    case 'chatgpt-login':
      return origin.profile === undefined ? "codex's own ChatGPT login" : `the login of profile ${origin.profile} (cx login +${origin.profile})`;
    case 'token-command':
      return `token command ${origin.program}${origin.what === null ? '' : ` (${origin.what})`}`;
    case 'aws-sso': {
      const what = origin.session === null ? `SSO login (legacy start URL) of AWS profile ${origin.awsProfile}` : `SSO session ${origin.session} (AWS profile ${origin.awsProfile})`;
      const token = origin.tokenExpires === null ? ', no cached token' : `, token ${origin.tokenExpired ? 'expired' : 'expires'} at ${origin.tokenExpires}`;
      return `${what}${token}`;
    }
    case 'aws-role': {
      const via = origin.sourceProfile !== null ? ` via source_profile ${origin.sourceProfile}` : origin.credentialSource !== null ? ` via credential_source ${origin.credentialSource}` : '';
      return `role ${origin.roleArn}${via} (AWS profile ${origin.awsProfile})`;
    }
    case 'aws-credential-process':
      return `credential_process ${origin.program} (AWS profile ${origin.awsProfile})`;
    case 'aws-web-identity':
      return `web identity, role ${origin.roleArn ?? '?'}, token file ${origin.tokenFile ?? '?'}${origin.awsProfile === null ? '' : ` (AWS profile ${origin.awsProfile})`}`;
    case 'aws-shared-files':
      return `access keys of AWS profile ${origin.awsProfile} in the shared files`;
    case 'aws-environment':
      return 'environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)';
    case 'aws-container-or-instance':
      return 'the container or instance role';
    case 'missing':
      return `not found (looked in ${origin.lookedIn})`;
  }
}
