/**
 * Signing in. Locally: the demo users' form (POST /local/sign-in). On AWS: Cognito managed
 * login, authorization code with PKCE (RFC 7636) for a public client; the tokens stay in
 * memory, the refresh token renews the ID token before it expires. Only the PKCE verifier
 * and state survive the redirect, in sessionStorage, and are removed on return.
 * `/config.json` (written by the CDK deployment next to the build) says which.
 */
export type ConsoleConfig =
  | { auth: 'local'; apiUrl: string }
  | { auth: 'cognito'; apiUrl: string; loginDomain: string; clientId: string; redirectUri: string };

export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const res = await fetch('/config.json', { headers: { accept: 'application/json' } });
    if (res.ok) {
      const config = (await res.json()) as ConsoleConfig;
      if (config.auth === 'cognito') return config;
    }
  } catch {
    // No config: the local stack, on the API's own origin.
  }
  return { auth: 'local', apiUrl: '' };
}

import { base64url, codeChallenge } from './pkce.ts';

const PKCE_KEY = 'pcu.pkce';

const random = (n: number) => base64url(crypto.getRandomValues(new Uint8Array(n)));

/** Sends the browser to the managed login page; it comes back to `redirectUri` with a code. */
export async function beginCognitoSignIn(
  config: Extract<ConsoleConfig, { auth: 'cognito' }>,
  returnTo: string,
  language: string,
): Promise<void> {
  const verifier = random(48);
  const state = random(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
    lang: language,
  });
  window.location.assign(`${config.loginDomain}/oauth2/authorize?${params}`);
}

export type Tokens = { idToken: string; refreshToken?: string; expiresIn: number };

async function tokenRequest(
  config: Extract<ConsoleConfig, { auth: 'cognito' }>,
  body: Record<string, string>,
): Promise<Tokens> {
  const res = await fetch(`${config.loginDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...body }),
  });
  if (!res.ok) throw new Error(`sign-in refused (HTTP ${res.status})`);
  const json = (await res.json()) as { id_token: string; refresh_token?: string; expires_in: number };
  return {
    idToken: json.id_token,
    ...(json.refresh_token && { refreshToken: json.refresh_token }),
    expiresIn: json.expires_in,
  };
}

/** On return from the login page: exchanges the code (with the verifier) for tokens. */
export async function completeCognitoSignIn(
  config: Extract<ConsoleConfig, { auth: 'cognito' }>,
): Promise<{ tokens: Tokens; returnTo: string } | undefined> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('code');
  const saved = sessionStorage.getItem(PKCE_KEY);
  if (!code || !saved) return undefined;
  sessionStorage.removeItem(PKCE_KEY);
  const { verifier, state, returnTo } = JSON.parse(saved) as {
    verifier: string;
    state: string;
    returnTo: string;
  };
  if (query.get('state') !== state) throw new Error('sign-in state does not match: start again');
  const tokens = await tokenRequest(config, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  });
  return { tokens, returnTo };
}

export function refreshCognitoTokens(
  config: Extract<ConsoleConfig, { auth: 'cognito' }>,
  refreshToken: string,
): Promise<Tokens> {
  return tokenRequest(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
}
