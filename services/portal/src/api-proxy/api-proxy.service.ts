import { type OidcClient, SignInRequiredError } from '../auth/oidc-client';
import { PROXIED_SERVICES, type ProxiedService } from '../portal-config';
import { type PortalSession } from '../session/session.service';

/** Request headers the services may need from the browser; everything else (cookies above all) stays here. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'idempotency-key', 'if-match', 'if-none-match'];
/** Response headers the browser may need from the services. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'etag',
  'last-modified',
  'location',
  'retry-after',
  'cache-control',
];
/** An access token this close to its expiry is refreshed before it is sent. */
export const REFRESH_MARGIN_SECONDS = 30;
const UPSTREAM_TIMEOUT_MS = 30_000;

export interface ProxyRequest {
  service: string;
  /** The path after `/api/<service>/`, e.g. `v1/practitioners/me/compliance`. */
  path: string;
  /** The query string, without `?`. */
  query: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class UnknownApiError extends Error {}
export class ServiceUnavailableError extends Error {
  constructor(readonly service: ProxiedService) {
    super(`${service} did not answer`);
  }
}

/** Forwards the app's API calls to the services with the signed-in user's access token. */
export class ApiProxyService {
  constructor(
    private readonly services: Record<ProxiedService, string>,
    private readonly oidc: Pick<OidcClient, 'refresh'>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The session with an access token valid for a while yet (refreshed when needed), or SignInRequiredError. */
  async freshSession(session: PortalSession, now = Date.now()): Promise<PortalSession> {
    if (session.accessTokenExpiresAt - REFRESH_MARGIN_SECONDS > now / 1000) return session;
    if (!session.refreshToken) throw new SignInRequiredError('access token expired, no refresh token');
    const tokens = await this.oidc.refresh(session.refreshToken);
    return { ...session, ...tokens, idToken: tokens.idToken ?? session.idToken };
  }

  /** Which service and URL a request names, or UnknownApiError (only the services' `/v1` API is reachable). */
  target(service: string, path: string, query: string): { service: ProxiedService; url: URL } {
    if (!(PROXIED_SERVICES as readonly string[]).includes(service)) throw new UnknownApiError(service);
    const segments = path.split('/');
    if (
      segments[0] !== 'v1' ||
      segments.some((s) => s === '' || s === '.' || s === '..' || /%2f|%5c|\\/i.test(s))
    ) {
      throw new UnknownApiError(path);
    }
    const url = new URL(`/${path}`, this.services[service as ProxiedService]);
    url.search = query;
    return { service: service as ProxiedService, url };
  }

  async forward(request: ProxyRequest, accessToken: string): Promise<ProxyResponse> {
    const { service, url } = this.target(request.service, request.path, request.query);
    const headers = new Headers({ authorization: `Bearer ${accessToken}` });
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: request.method,
        headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
    } catch {
      throw new ServiceUnavailableError(service);
    }
    const responseHeaders: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) responseHeaders[name] = value;
    }
    return {
      status: response.status,
      headers: responseHeaders,
      body: Buffer.from(await response.arrayBuffer()),
    };
  }
}
