import { SessionService } from './session.service';

const settings = {
  sessionSecret: 'a-test-secret-of-at-least-thirty-two-characters',
  sessionTtlSeconds: 3600,
};
const tokens = {
  accessToken: 'access-token-value',
  accessTokenExpiresAt: 2_000_000_000,
  refreshToken: 'rt',
  idToken: 'it',
};
const user = { sub: 'p-1', roles: ['practitioner'] };

/** The `name=value` part of a Set-Cookie, as the browser sends it back. */
const cookieOf = (setCookie: string) => setCookie.split(';')[0];

describe('SessionService', () => {
  it('keeps the session in an HttpOnly, SameSite=Lax cookie, not Secure on a loopback http portal', () => {
    const sessions = new SessionService({ ...settings, secureCookies: false });
    const session = sessions.create(tokens, user);
    const setCookie = sessions.write(session);
    expect(setCookie).toMatch(/^portal-session=v1\.[\w-]+; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain('access-token-value');
    expect(sessions.read(`other=1; ${cookieOf(setCookie)}`)).toEqual(session);
  });

  it('uses Secure __Host- cookies anywhere else', () => {
    const sessions = new SessionService({ ...settings, secureCookies: true });
    const setCookie = sessions.write(sessions.create(tokens, user));
    expect(setCookie).toMatch(/^__Host-portal-session=.*; HttpOnly; SameSite=Lax; Secure$/);
    expect(sessions.writePendingSignIn({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' })).toMatch(
      /^__Host-portal-sign-in=.*; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(sessions.clear()).toBe(
      '__Host-portal-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('ends a session at its expiry and ignores a sign-in cookie offered as a session', () => {
    const sessions = new SessionService({ ...settings, secureCookies: false });
    const now = Date.now();
    const cookie = cookieOf(sessions.write(sessions.create(tokens, user, now), now));
    expect(sessions.read(cookie, now + 3599_000)).toBeDefined();
    expect(sessions.read(cookie, now + 3600_000)).toBeUndefined();
    const pending = cookieOf(
      sessions.writePendingSignIn({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' }),
    );
    expect(sessions.read(pending.replace('portal-sign-in', 'portal-session'))).toBeUndefined();
  });

  it('accepts a state-changing call only with the session’s own CSRF token', () => {
    const sessions = new SessionService({ ...settings, secureCookies: false });
    const session = sessions.create(tokens, user);
    const other = sessions.create(tokens, user);
    expect(session.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(sessions.csrfTokenMatches(session, session.csrfToken)).toBe(true);
    expect(sessions.csrfTokenMatches(session, other.csrfToken)).toBe(false);
    expect(sessions.csrfTokenMatches(session, undefined)).toBe(false);
    expect(sessions.csrfTokenMatches(session, '')).toBe(false);
    expect(sessions.csrfTokenMatches(session, [session.csrfToken])).toBe(false);
  });
});
