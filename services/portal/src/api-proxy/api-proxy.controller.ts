import { All, Controller, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { SignInRequiredError } from '../auth/oidc-client';
import { PortalProblems, type Problem } from '../portal-problems';
import { CSRF_HEADER, SessionService } from '../session/session.service';
import { ApiProxyService, ServiceUnavailableError, UnknownApiError } from './api-proxy.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `/api/<service>/v1/...`: the app's API calls, forwarded with the session's access token. */
@Controller('api')
export class ApiProxyController {
  constructor(
    private readonly sessions: SessionService,
    private readonly proxy: ApiProxyService,
  ) {}

  @All(':service/*')
  async forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const send = (problem: Problem) =>
      reply.status(problem.status).type('application/problem+json').send(problem);
    reply.header('cache-control', 'no-store');
    const stored = this.sessions.read(request.headers.cookie);
    if (!stored) return void (await send(PortalProblems.signInRequired()));
    if (
      !SAFE_METHODS.has(request.method) &&
      !this.sessions.csrfTokenMatches(stored, request.headers[CSRF_HEADER])
    ) {
      return void (await send(PortalProblems.csrfRefused()));
    }
    const { service, '*': path } = request.params as { service: string; '*': string };
    const queryAt = request.url.indexOf('?');
    try {
      const session = await this.proxy.freshSession(stored);
      if (session !== stored) reply.header('set-cookie', this.sessions.write(session));
      const response = await this.proxy.forward(
        {
          service,
          path,
          query: queryAt < 0 ? '' : request.url.slice(queryAt + 1),
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
