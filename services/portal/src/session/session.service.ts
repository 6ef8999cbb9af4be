import { randomBytes, timingSafeEqual } from 'node:crypto';

import { type PendingSignIn, type SignedInUser, type TokenSet } from '../auth/oidc-client';
import { type PortalSettings } from '../portal-config';
import { parseCookies, serializeCookie } from './cookies';
import { SessionCipher } from './session-cipher';

/** A signed-in browser's session: sealed in its cookie, never readable by the page's scripts. */
export interface PortalSession extends TokenSet {
  user: SignedInUser;
  /** Sent back by the app in `X-CSRF-Token` on every state-changing call. */
  csrfToken: string;
  /** Epoch seconds: the session ends then, refreshed or not. */
  expiresAt: number;
}

export const CSRF_HEADER = 'x-csrf-token';
const SIGN_IN_TTL_SECONDS = 600;

/** Reads and writes the session and sign-in cookies; the HTTP layer only passes headers through. */
export class SessionService {
  private readonly cipher: SessionCipher;
  /** `__Host-` cookies are Secure, host-only and Path=/, which browsers enforce. */
  readonly sessionCookie: string;
  readonly signInCookie: string;

  constructor(
    private readonly settings: Pick<PortalSettings, 'secureCookies' | 'sessionSecret' | 'sessionTtlSeconds'>,
  ) {
    this.cipher = new SessionCipher(settings.sessionSecret);
    this.sessionCookie = settings.secureCookies ? '__Host-portal-session' : 'portal-session';
    this.signInCookie = settings.secureCookies ? '__Host-portal-sign-in' : 'portal-sign-in';
  }

  /** The session of a request's `Cookie` header, or undefined (none, tampered with, or expired). */
  read(cookieHeader: string | undefined, now = Date.now()): PortalSession | undefined {
    const value = parseCookies(cookieHeader).get(this.sessionCookie);
    const session = this.cipher.open<PortalSession>(this.sessionCookie, value);
    return session && session.expiresAt * 1000 > now ? session : undefined;
  }

  create(tokens: TokenSet, user: SignedInUser, now = Date.now()): PortalSession {
    return {
      ...tokens,
      user,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: Math.floor(now / 1000) + this.settings.sessionTtlSeconds,
    };
  }

  /** The `Set-Cookie` value that stores `session` (lasting until the session ends). */
  write(session: PortalSession, now = Date.now()): string {
    return serializeCookie(this.sessionCookie, this.cipher.seal(this.sessionCookie, session), {
      secure: this.settings.secureCookies,
      path: '/',
      maxAge: Math.max(0, session.expiresAt - Math.floor(now / 1000)),
    });
  }

  clear(): string {
    return serializeCookie(this.sessionCookie, '', {
      secure: this.settings.secureCookies,
      path: '/',
      maxAge: 0,
    });
  }

  readPendingSignIn(cookieHeader: string | undefined): PendingSignIn | undefined {
    return this.cipher.open<PendingSignIn>(
      this.signInCookie,
      parseCookies(cookieHeader).get(this.signInCookie),
    );
  }

  writePendingSignIn(pending: PendingSignIn): string {
    return serializeCookie(this.signInCookie, this.cipher.seal(this.signInCookie, pending), {
      secure: this.settings.secureCookies,
      path: '/',
      maxAge: SIGN_IN_TTL_SECONDS,
    });
  }

  clearPendingSignIn(): string {
    return serializeCookie(this.signInCookie, '', {
      secure: this.settings.secureCookies,
      path: '/',
      maxAge: 0,
    });
  }

  /** Whether a state-changing request carries the session's CSRF token (compared in constant time). */
  csrfTokenMatches(session: PortalSession, header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
