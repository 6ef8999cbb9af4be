import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyReply } from 'fastify';

import { ProblemException, problemType } from '../errors/problem';
import { rateLimited, RateLimiter } from '../http/rate-limiter';
import {
  type Caller,
  PUBLIC_KEY,
  type RequestWithCaller,
  type Role,
  ROLES_KEY,
  SELF_PARAM_KEY,
} from './caller';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const STAFF_ROLES: readonly Role[] = ['staff', 'admin'];

function unauthenticated(reply: FastifyReply, detail: string, invalid: boolean): ProblemException {
  // RFC 6750: tell the client which scheme to use and, for a bad token, that the token is the problem.
  void reply.header(
    'www-authenticate',
    invalid ? `Bearer realm="cme-tracker", error="invalid_token"` : `Bearer realm="cme-tracker"`,
  );
  return new ProblemException({
    type: problemType('unauthenticated'),
    title: 'Unauthorized',
    status: 401,
    detail,
  });
}

function forbidden(detail: string): ProblemException {
  return new ProblemException({ type: problemType('forbidden'), title: 'Forbidden', status: 403, detail });
}

function bearerToken(request: RequestWithCaller): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * Every route needs a verified bearer token unless marked `Public()`: 401 without one (or with a bad one),
 * 429 when the user is over their rate limit, 403 when the token lacks the role or the ownership the
 * route asks for (`RequireRoles`, `SelfOrStaff`).
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithCaller>();
    const reply = http.getResponse<FastifyReply>();

    const token = bearerToken(request);
    if (!token)
      throw unauthenticated(reply, 'This route needs an "Authorization: Bearer <token>" header.', false);
    let caller: Caller;
    try {
      caller = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(reply, error.message, true);
      throw new ProblemException({
        type: problemType('identity-unavailable'),
        title: 'Service Unavailable',
        status: 503,
        detail: (error as Error).message,
      });
    }
    request.caller = caller;

    const decision = await this.rateLimiter.consume('user', caller.id);
    if (!decision.allowed) throw rateLimited(reply, 'user', decision);

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required && !required.some((role) => caller.roles.includes(role))) {
      throw forbidden(`This action needs the role ${required.join(' or ')}.`);
    }
    const selfParam = this.reflector.getAllAndOverride<string | undefined>(SELF_PARAM_KEY, targets);
    if (selfParam && !isSelfOrStaff(caller, (request.params as Record<string, string>)[selfParam])) {
      throw forbidden('Only staff or the practitioner themself may use this route.');
    }
    return true;
  }
}

function isSelfOrStaff(caller: Caller, practitionerId: string | undefined): boolean {
  if (caller.roles.some((role) => STAFF_ROLES.includes(role))) return true;
  return caller.roles.includes('practitioner') && practitionerId === caller.id;
}
