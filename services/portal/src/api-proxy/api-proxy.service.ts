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
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
}

/** Where a request goes: a service and the URL on it. */
export interface ProxyTarget {
  service: ProxiedService;
  url: URL;
}

/** The notifications service's queue dashboard, which the portal serves at the same path for staff. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

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
  target(service: string, path: string, query: string): ProxyTarget {
    if (!(PROXIED_SERVICES as readonly string[]).includes(service)) throw new UnknownApiError(service);
    if (path.split('/')[0] !== 'v1') throw new UnknownApiError(path);
    return this.urlOf(service as ProxiedService, `/${path}`, query);
  }

  /**
   * The notifications service's queue dashboard (bull-board), which it serves at the same path: its page names
   * its scripts and API under that path, so they come back through here too.
   */
  queueDashboardTarget(path: string, query: string): ProxyTarget {
    return this.urlOf(
      'notifications',
      path ? `${QUEUE_DASHBOARD_PATH}/${path}` : QUEUE_DASHBOARD_PATH,
      query,
    );
  }

  /** `pathname` below the service, refused when a segment could climb out of it (`..`, encoded slashes). */
  private urlOf(service: ProxiedService, pathname: string, query: string): ProxyTarget {
    const segments = pathname.slice(1).split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..' || /%2f|%5c|\\/i.test(s))) {
      throw new UnknownApiError(pathname);
    }
    const url = new URL(pathname, this.services[service]);
    url.search = query;
    return { service, url };
  }

  /** Sends `request` to `target` with the user's access token; answers the response (some of its headers). */
  async forward(
    { service, url }: ProxyTarget,
    request: ProxyRequest,
    accessToken: string,
  ): Promise<ProxyResponse> {
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
