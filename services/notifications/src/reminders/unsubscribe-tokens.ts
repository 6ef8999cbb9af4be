import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a token switches off: reminders only (credit confirmations are transactional). */
export const UNSUBSCRIBE_SCOPE = 'reminders';

export interface UnsubscribeClaims {
  practitionerId: string;
  scope: typeof UNSUBSCRIBE_SCOPE;
  expiresAt: Date;
}

/**
 * Unsubscribe links work without a login, so the token carries who and what, signed: base64url of
 * `{ sub, scope, exp }`, a dot, and its HMAC-SHA256 under the service's secret. No state is kept: a token
 * is valid until it expires, and only for the practitioner and scope it names.
 */
export class UnsubscribeTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  issue(practitionerId: string, now: Date): string {
    const exp = Math.floor((now.getTime() + this.ttlMs) / 1000);
    const payload = Buffer.from(
      JSON.stringify({ sub: practitionerId, scope: UNSUBSCRIBE_SCOPE, exp }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The token's claims, or undefined when it is forged, altered, of another scope or expired. */
  verify(token: string, now: Date): UnsubscribeClaims | undefined {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      if (typeof claims.sub !== 'string' || claims.scope !== UNSUBSCRIBE_SCOPE) return undefined;
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return undefined;
      return { practitionerId: claims.sub, scope: UNSUBSCRIBE_SCOPE, expiresAt: new Date(claims.exp * 1000) };
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`unsubscribe.${payload}`).digest('base64url');
  }
}
