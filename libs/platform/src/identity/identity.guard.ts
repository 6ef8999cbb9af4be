import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '../errors/app-exception';
import { rateLimited, RateLimiter } from '../http/rate-limiter';
import {
  type Caller,
  isStaff,
  PUBLIC_KEY,
  type RequestWithCaller,
  type Role,
  ROLES_KEY,
  SELF_PARAM_KEY,
} from './caller';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

/** RFC 6750: tell the client which scheme to use and, for a bad token, that the token is the problem. */
function unauthenticated(detail: string, invalid: boolean): AppException {
  return invalid
    ? AppException.unauthenticated(
        'token-invalid',
        detail,
        `Bearer realm="cme-tracker", error="invalid_token"`,
      )
    : AppException.unauthenticated('token-missing', detail, `Bearer realm="cme-tracker"`);
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
  private readonly logger = new Logger('identity');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const caller = await this.authorize(
      request,
      this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
    );
    const selfParam = this.reflector.getAllAndOverride<string | undefined>(SELF_PARAM_KEY, targets);
    if (selfParam && !isSelfOrStaff(caller, (request.params as Record<string, string>)[selfParam])) {
      throw AppException.forbidden(
        'not-self-or-staff',
        'Only staff or the practitioner themself may use this route.',
      );
    }
    return true;
  }

  /**
   * The checks of every route, for routes Nest does not serve (a Fastify plugin's, behind an `onRequest`
   * hook): a verified token (401), the user's rate limit (429), one of `required` roles (403). Sets and
   * returns the caller; throws the AppException to answer.
   */
  async authorize(request: RequestWithCaller, required?: readonly Role[]): Promise<Caller> {
    const token = bearerToken(request);
    if (!token) throw unauthenticated('This route needs an "Authorization: Bearer <token>" header.', false);
    let caller: Caller;
    try {
      caller = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthenticated(error.message, true);
      this.logger.warn({ msg: 'token keys unavailable', error: (error as Error).message });
      throw AppException.unavailable(
        'identity-unavailable',
        'The token signing keys cannot be read; try again shortly.',
      );
    }
    request.caller = caller;

    const decision = await this.rateLimiter.consume('user', caller.id);
    if (!decision.allowed) throw rateLimited('user', decision);

    if (required && !required.some((role) => caller.roles.includes(role))) {
      throw AppException.forbidden('role-missing', `This action needs the role ${required.join(' or ')}.`);
    }
    return caller;
  }
}

function isSelfOrStaff(caller: Caller, practitionerId: string | undefined): boolean {
  if (isStaff(caller)) return true;
  return caller.roles.includes('practitioner') && practitionerId === caller.id;
}
