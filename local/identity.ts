/**
 * A local stand-in for the Cognito user pool: demo users of two ports, real RS256-signed
 * JWTs, and verification as API Gateway's JWT authorizer does it (signature, issuer,
 * audience, expiry). The signing key persists in the data directory so tokens survive a
 * restart.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export interface DemoUser {
  username: string;
  groups: string[];
  /** For the console's sign-in form (loopback demo only; printed by npm start). */
  password?: string;
}

export const LOCAL_ISSUER = 'urn:pcu-targeting:local-identity';
export const LOCAL_AUDIENCE = 'pcu-targeting-local';

/** Token lifetime: a working day, like the Cognito default maximum for ID tokens. */
const TOKEN_TTL_SECONDS = 12 * 3600;

export function demoUsers(ports: [string, string]): DemoUser[] {
  const [a, b] = ports;
  const users = [
    { username: `officer-${a.toLowerCase()}`, groups: ['officer', `port:${a}`] },
    { username: `analyst-${a.toLowerCase()}`, groups: ['analyst', `port:${a}`] },
    { username: `officer-${b.toLowerCase()}`, groups: ['officer', `port:${b}`] },
    { username: `analyst-${b.toLowerCase()}`, groups: ['analyst', `port:${b}`] },
    { username: 'admin', groups: ['admin'] },
  ];
  return users.map((u) => ({ ...u, password: `${u.username}-demo` }));
}

export interface LocalIdentity {
  users: DemoUser[];
  signIn(username: string): Promise<string>;
  /** The console's sign-in form: true when the demo user exists and the password is theirs. */
  checkPassword(username: string, password: string): boolean;
  /** Verifies a bearer token; returns the claims or undefined (=> 401). */
  verify(token: string): Promise<JWTPayload | undefined>;
}

export async function createLocalIdentity(options: {
  users: DemoUser[];
  dataDir?: string;
}): Promise<LocalIdentity> {
  const { privateKey, publicKey } = await loadOrCreateKeys(options.dataDir);
  const byName = new Map(options.users.map((u) => [u.username, u]));
  return {
    users: options.users,
    checkPassword(username, password) {
      const expected = byName.get(username)?.password;
      if (expected === undefined) return false;
      const a = Buffer.from(expected);
      const b = Buffer.from(password);
      return a.length === b.length && timingSafeEqual(a, b);
    },
    async signIn(username) {
      const user = byName.get(username);
      if (!user) throw new Error(`unknown demo user "${username}"`);
      // The claims Cognito puts in an ID token that the API reads.
      return new SignJWT({
        'cognito:username': user.username,
        'cognito:groups': user.groups,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'local' })
        .setSubject(user.username)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        // API Gateway's JWT authorizer refuses a token without exp: so does the local one.
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: ['RS256'],
          requiredClaims: ['exp'],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}

type KeyLike = Awaited<ReturnType<typeof importJWK>>;

async function loadOrCreateKeys(dataDir?: string): Promise<{ privateKey: KeyLike; publicKey: KeyLike }> {
  const path = dataDir ? join(dataDir, 'identity-key.json') : undefined;
  if (path && existsSync(path)) {
    const jwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = jwk;
    return { privateKey: await importJWK(jwk, 'RS256'), publicKey: await importJWK(publicJwk, 'RS256') };
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  if (path) writeFileSync(path, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  return { privateKey, publicKey };
}
