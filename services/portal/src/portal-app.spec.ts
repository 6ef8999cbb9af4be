import { once } from 'node:events';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type NestFastifyApplication } from '@nestjs/platform-fastify';

import { type OidcClient, type PendingSignIn, SignInRequiredError } from './auth/oidc-client';
import { portalConfigSchema, portalSettingsOf } from './portal-config';
import { createPortalApp } from './portal-app';

/** Stands in for the OpenID provider: the sign-in succeeds for whoever comes back with code=good. */
class FakeOidcClient {
  refreshes = 0;
  refreshFails = false;

  async startSignIn(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    return {
      url: 'http://provider.test/auth?state=s-1',
      pending: { state: 's-1', nonce: 'n', codeVerifier: 'v', returnTo },
    };
  }

  async finishSignIn(callbackUrl: URL, pending: PendingSignIn) {
    if (callbackUrl.searchParams.get('code') !== 'good' || pending.state !== 's-1')
      throw new Error('bad code');
    return {
      tokens: {
        accessToken: 'access-1',
        accessTokenExpiresAt: Math.floor(Date.now() / 1000) + 5,
        refreshToken: 'r',
        idToken: 'id',
      },
      user: { sub: 'p-1', name: 'Dr. Test', roles: ['practitioner'] },
    };
  }

  async refresh() {
    this.refreshes += 1;
    if (this.refreshFails) throw new SignInRequiredError('invalid_grant');
    return {
      accessToken: `access-${this.refreshes + 1}`,
      accessTokenExpiresAt: Math.floor(Date.now() / 1000) + 600,
      refreshToken: 'r',
    };
  }

  async signOutUrl(idToken: string | undefined) {
    return `http://provider.test/session/end?id_token_hint=${idToken}`;
  }
}

const cookiesOf = (setCookie: string | string[] | number | undefined) =>
  [setCookie ?? []].flat().map((value) => String(value).split(';')[0]);

describe('the portal over HTTP (sign-in, session, CSRF, proxy)', () => {
  let app: NestFastifyApplication;
  let upstream: Server;
  const received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const oidc = new FakeOidcClient();

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    const { port } = upstream.address() as { port: number };
    const appDir = mkdtempSync(path.join(tmpdir(), 'portal-app-'));
    mkdirSync(path.join(appDir, 'assets'));
    writeFileSync(path.join(appDir, 'index.html'), '<!doctype html><title>CME tracker</title>');
    const config = portalConfigSchema.parse({
      LOG_LEVEL: 'silent',
      CREDITS_URL: `http://127.0.0.1:${port}`,
      PORTAL_APP_DIR: appDir,
    });
    app = await createPortalApp(config, portalSettingsOf(config), { oidc: oidc as unknown as OidcClient });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    upstream?.close();
  });

  async function signIn(): Promise<{ cookie: string; csrfToken: string }> {
    const login = await app.inject({ method: 'GET', url: '/auth/login?returnTo=/staff' });
    expect(login.statusCode).toBe(302);
    expect(login.headers.location).toBe('http://provider.test/auth?state=s-1');
    const callback = await app.inject({
      method: 'GET',
      url: '/auth/callback?code=good&state=s-1',
      headers: { cookie: cookiesOf(login.headers['set-cookie']).join('; ') },
    });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/staff');
    const cookie = cookiesOf(callback.headers['set-cookie']).find((c) => c.startsWith('portal-session=v1.'))!;
    const session = await app.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
    expect(session.json()).toMatchObject({ user: { sub: 'p-1', name: 'Dr. Test' } });
    return { cookie, csrfToken: session.json().csrfToken };
  }

  it('signs in with the authorization code and never returns to another site', async () => {
    await signIn();
    const offsite = await app.inject({ method: 'GET', url: '/auth/login?returnTo=//evil.test/x' });
    const callback = await app.inject({
      method: 'GET',
      url: '/auth/callback?code=good&state=s-1',
      headers: { cookie: cookiesOf(offsite.headers['set-cookie']).join('; ') },
    });
    expect(callback.headers.location).toBe('/');
  });

  it('refuses a callback without its sign-in cookie or with a bad code', async () => {
    const noCookie = await app.inject({ method: 'GET', url: '/auth/callback?code=good&state=s-1' });
    expect(noCookie.headers.location).toBe('/auth/login');
    const login = await app.inject({ method: 'GET', url: '/auth/login' });
    const bad = await app.inject({
      method: 'GET',
      url: '/auth/callback?code=bad&state=s-1',
      headers: { cookie: cookiesOf(login.headers['set-cookie']).join('; ') },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['set-cookie']).not.toContain('portal-session=v1');
  });

  it('answers 401 problem documents without a session', async () => {
    for (const url of ['/auth/session', '/api/credits/v1/practitioners/me/compliance']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBe('Your session has ended. Sign in again to continue.');
    }
  });

  it('forwards reads with the access token, refreshing it when it is about to expire', async () => {
    const { cookie } = await signIn();
    received.length = 0;
    const response = await app.inject({
      method: 'GET',
      url: '/api/credits/v1/practitioners/me/compliance?asOf=2026-11-30',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(received[0].url).toBe('/v1/practitioners/me/compliance?asOf=2026-11-30');
    expect(received[0].headers.authorization).toMatch(/^Bearer access-\d+$/);
    expect(received[0].headers.authorization).not.toBe('Bearer access-1');
    expect(received[0].headers.cookie).toBeUndefined();
    // The refreshed tokens go back into the cookie.
    expect(cookiesOf(response.headers['set-cookie'])[0]).toMatch(/^portal-session=v1\./);
  });

  it('refuses a state-changing call without the CSRF token and forwards it with the token', async () => {
    const { cookie, csrfToken } = await signIn();
    received.length = 0;
    const body = JSON.stringify({ completedOn: '2026-11-01' });
    const refused = await app.inject({
      method: 'POST',
      url: '/api/credits/v1/practitioners/me/credits',
      headers: { cookie, 'content-type': 'application/json' },
      payload: body,
    });
    expect(refused.statusCode).toBe(403);
    expect(received).toHaveLength(0);
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/credits/v1/practitioners/me/credits',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      payload: body,
    });
    expect(accepted.statusCode).toBe(200);
    expect(received[0]).toMatchObject({ method: 'POST', body });
  });

  it('ends the session when the provider refuses the refresh', async () => {
    const { cookie } = await signIn();
    oidc.refreshFails = true;
    try {
      const response = await app.inject({ method: 'GET', url: '/api/credits/v1/x', headers: { cookie } });
      expect(response.statusCode).toBe(401);
      expect(cookiesOf(response.headers['set-cookie'])).toEqual(['portal-session=']);
    } finally {
      oidc.refreshFails = false;
    }
  });

  it('signs out with the CSRF token: the cookie is cleared and the provider’s sign-out comes next', async () => {
    const { cookie, csrfToken } = await signIn();
    expect((await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } })).statusCode).toBe(
      403,
    );
    const response = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ signOutUrl: 'http://provider.test/session/end?id_token_hint=id' });
    expect(cookiesOf(response.headers['set-cookie'])).toEqual(['portal-session=']);
  });

  it('serves the app for page paths, with a content security policy', async () => {
    const response = await app.inject({ method: 'GET', url: '/staff/courses' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>CME tracker</title>');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/api/credits/metrics' })).statusCode).toBe(401);
  });
});
