import { All, Controller, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { SignInRequiredError } from '../auth/oidc-client';
import { PortalLinks } from '../auth/portal-links';
import { PortalProblems, type Problem } from '../portal-problems';
import { CSRF_HEADER, type PortalSession, SessionService } from '../session/session.service';
import {
  ApiProxyService,
  type ProxyTarget,
  QUEUE_DASHBOARD_PATH,
  ServiceUnavailableError,
  UnknownApiError,
} from './api-proxy.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `/api/<service>/v1/...`: the app's API calls, and `/admin/queues/...`: the notifications service's queue
 * dashboard for staff; both forwarded with the session's access token (the services decide who may do what).
 */
@Controller()
export class ApiProxyController {
  constructor(
    private readonly sessions: SessionService,
    private readonly proxy: ApiProxyService,
    private readonly links: PortalLinks,
  ) {}

  @All('api/:service/*')
  async forwardApi(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { service, '*': path } = request.params as { service: string; '*': string };
    await this.relay(request, reply, {
      target: (query) => this.proxy.target(service, path, query),
      // The app sends the session's CSRF token with every state-changing call.
      sameOrigin: (session) => this.sessions.csrfTokenMatches(session, request.headers[CSRF_HEADER]),
    });
  }

  @All(['admin/queues', 'admin/queues/*'])
  async forwardQueueDashboard(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { '*': path = '' } = request.params as { '*'?: string };
    await this.relay(request, reply, {
      target: (query) => this.proxy.queueDashboardTarget(path, query),
      // The dashboard's own page cannot send the CSRF header; its calls must come from the portal's origin
      // (a cross-site form or script sends another Origin, or none with SameSite=Lax keeping the cookie back).
      sameOrigin: () => request.headers.origin === this.links.origin,
      // Opened as a page: someone signed out is sent to sign in and back, not shown a JSON problem.
      signInPath: `${QUEUE_DASHBOARD_PATH}/${path}`,
    });
  }

  private async relay(
    request: FastifyRequest,
    reply: FastifyReply,
    route: {
      target: (query: string) => ProxyTarget;
      sameOrigin: (session: PortalSession) => boolean;
      signInPath?: string;
    },
  ): Promise<void> {
    const send = (problem: Problem) =>
      reply.status(problem.status).type('application/problem+json').send(problem);
    reply.header('cache-control', 'no-store');
    const stored = this.sessions.read(request.headers.cookie);
    if (!stored) {
      if (route.signInPath && request.method === 'GET') {
        return void (await reply.redirect(this.links.signIn(route.signInPath), 302));
      }
      return void (await send(PortalProblems.signInRequired()));
    }
    if (!SAFE_METHODS.has(request.method) && !route.sameOrigin(stored)) {
      return void (await send(PortalProblems.csrfRefused()));
    }
    const queryAt = request.url.indexOf('?');
    try {
      const target = route.target(queryAt < 0 ? '' : request.url.slice(queryAt + 1));
      const session = await this.proxy.freshSession(stored);
      if (session !== stored) reply.header('set-cookie', this.sessions.write(session));
      const response = await this.proxy.forward(
        target,
        {
          method: request.method,
          headers: request.headers,
          body: Buffer.isBuffer(request.body) ? request.body : undefined,
        },
        session.accessToken,
      );
      await reply.status(response.status).headers(response.headers).send(response.body);
    } catch (error) {
      if (error instanceof SignInRequiredError) {
        reply.header('set-cookie', this.sessions.clear());
        return void (await send(PortalProblems.signInRequired()));
      }
      if (error instanceof UnknownApiError) return void (await send(PortalProblems.unknownApi()));
      if (error instanceof ServiceUnavailableError) {
        return void (await send(PortalProblems.serviceUnavailable(error.service)));
      }
      throw error;
    }
  }
}
