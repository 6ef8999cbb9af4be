import { SignInRequiredError } from '../auth/oidc-client';
import { type PortalSession } from '../session/session.service';
import { ApiProxyService, ServiceUnavailableError, UnknownApiError } from './api-proxy.service';

const SERVICES = {
  catalog: 'http://127.0.0.1:3001',
  credits: 'http://127.0.0.1:3002',
  notifications: 'http://127.0.0.1:3003',
};
const NOW = 1_800_000_000_000;

function session(overrides: Partial<PortalSession> = {}): PortalSession {
  return {
    accessToken: 'old-access',
    accessTokenExpiresAt: NOW / 1000 + 600,
    refreshToken: 'refresh-1',
    idToken: 'id-1',
    user: { sub: 'p-1', roles: ['practitioner'] },
    csrfToken: 'csrf',
    expiresAt: NOW / 1000 + 3600,
    ...overrides,
  };
}

describe('ApiProxyService', () => {
  const refresh = jest.fn();
  const fetchImpl = jest.fn<Promise<Response>, Parameters<typeof fetch>>();
  const proxy = new ApiProxyService(SERVICES, { refresh }, fetchImpl as unknown as typeof fetch);

  beforeEach(() => {
    refresh.mockReset();
    fetchImpl.mockReset();
  });

  it('reaches the /v1 API of the three services only', () => {
    expect(proxy.target('credits', 'v1/practitioners/me/compliance', 'asOf=2026-11-30').url.href).toBe(
      'http://127.0.0.1:3002/v1/practitioners/me/compliance?asOf=2026-11-30',
    );
    for (const [service, path] of [
      ['billing', 'v1/x'],
      ['credits', 'metrics'],
      ['notifications', 'admin/queues'],
      ['credits', 'v1/../metrics'],
      ['credits', 'v1/%2e%2e/x'.replace('%2e%2e', '..')],
      ['credits', 'v1/a%2F..%2Fmetrics'],
      ['credits', 'v1//x'],
      ['constructor', 'v1/x'],
    ]) {
      expect(() => proxy.target(service, path, '')).toThrow(UnknownApiError);
    }
  });

  it("reaches the notifications service's queue dashboard at the same path, and nothing beside it", () => {
    expect(proxy.queueDashboardTarget('', '').url.href).toBe('http://127.0.0.1:3003/admin/queues');
    expect(proxy.queueDashboardTarget('api/queues', 'page=1').url.href).toBe(
      'http://127.0.0.1:3003/admin/queues/api/queues?page=1',
    );
    for (const path of ['../metrics', 'static/../../metrics', 'a%2F..%2F..%2Fmetrics', 'x//y']) {
      expect(() => proxy.queueDashboardTarget(path, '')).toThrow(UnknownApiError);
    }
  });

  it('forwards with the access token and the allowed headers only, and returns what the service answered', async () => {
    fetchImpl.mockResolvedValue(
      new Response('{"id":"c-1"}', {
        status: 201,
        headers: { 'content-type': 'application/json', location: '/v1/x/c-1', 'set-cookie': 'evil=1' },
      }),
    );
    const response = await proxy.forward(
      proxy.target('credits', 'v1/practitioners/me/credits', ''),
      {
        method: 'POST',
        headers: {
          cookie: 'portal-session=secret',
          'content-type': 'application/json',
          'idempotency-key': 'k-1',
          'x-csrf-token': 'csrf',
        },
        body: Buffer.from('{"a":1}'),
      },
      'access-1',
    );
    const [url, init] = fetchImpl.mock.calls[0];
    expect(String(url)).toBe('http://127.0.0.1:3002/v1/practitioners/me/credits');
    const headers = init!.headers as Headers;
    expect(Object.fromEntries(headers.entries())).toEqual({
      authorization: 'Bearer access-1',
      'content-type': 'application/json',
      'idempotency-key': 'k-1',
    });
    expect(response).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json', location: '/v1/x/c-1' },
      body: Buffer.from('{"id":"c-1"}'),
    });
  });

  it('answers ServiceUnavailableError when the service does not answer', async () => {
    fetchImpl.mockRejectedValue(new TypeError('fetch failed'));
    await expect(
      proxy.forward(proxy.target('catalog', 'v1/courses', ''), { method: 'GET', headers: {} }, 'a'),
    ).rejects.toEqual(new ServiceUnavailableError('catalog'));
  });

  it('keeps an access token that is valid for a while yet', async () => {
    const current = session();
    await expect(proxy.freshSession(current, NOW)).resolves.toBe(current);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('refreshes an access token about to expire, keeping the ID token when none comes back', async () => {
    refresh.mockResolvedValue({
      accessToken: 'new-access',
      accessTokenExpiresAt: NOW / 1000 + 600,
      refreshToken: 'refresh-2',
    });
    const refreshed = await proxy.freshSession(session({ accessTokenExpiresAt: NOW / 1000 + 10 }), NOW);
    expect(refresh).toHaveBeenCalledWith('refresh-1');
    expect(refreshed).toMatchObject({
      accessToken: 'new-access',
      refreshToken: 'refresh-2',
      idToken: 'id-1',
      csrfToken: 'csrf',
    });
  });

  it('asks for a new sign-in when the token expired and there is no refresh token', async () => {
    await expect(
      proxy.freshSession(session({ accessTokenExpiresAt: NOW / 1000 - 1, refreshToken: undefined }), NOW),
    ).rejects.toBeInstanceOf(SignInRequiredError);
  });
});
