import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

import { callerToken, localIssuer } from '@cme/local-runtime';

let strangerKey: KeyObject | undefined;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Tokens every service must refuse with 401, each for one reason; all carry every role, so that only
 * the token's fault can explain a refusal.
 */
export const REFUSED_TOKENS = {
  expired: (id: string) => {
    const now = Math.floor(Date.now() / 1000);
    return localIssuer().mintToken(
      { sub: id, roles: ['practitioner', 'staff', 'admin'] },
      { iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
    );
  },
  wrongAudience: (id: string) =>
    localIssuer().mintToken({ sub: id, roles: ['practitioner', 'staff', 'admin'] }, { aud: 'another-api' }),
  wrongIssuer: (id: string) =>
    localIssuer().mintToken(
      { sub: id, roles: ['practitioner', 'staff', 'admin'] },
      { iss: 'https://issuer.example.org' },
    ),
  /** Signed by another key under the local key's `kid`. */
  badSignature: (id: string) => {
    strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { kid } = localIssuer().ensureLocalIssuer();
    return localIssuer().signJwt({ alg: 'RS256', typ: 'JWT', kid }, claimsOf(id), strangerKey);
  },
  /** Unsecured: `alg: none` and no signature. */
  algNone: (id: string) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsOf(id))}.`,
  /** HS256 keyed with the issuer's public key: the classic algorithm-confusion forgery. */
  hmacWithPublicKey: (id: string) => {
    const { kid, privateKey } = localIssuer().ensureLocalIssuer();
    const input = `${base64url({ alg: 'HS256', typ: 'JWT', kid })}.${base64url(claimsOf(id))}`;
    const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
    return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
  },
} satisfies Record<string, (id: string) => string>;

export type RefusedToken = keyof typeof REFUSED_TOKENS;

/** The claims of a valid all-roles token, for forging variants of it. */
function claimsOf(id: string): Record<string, unknown> {
  const token = callerToken(id, ['practitioner', 'staff', 'admin']);
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
