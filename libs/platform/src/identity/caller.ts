import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  ForbiddenException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';

export type Role = 'practitioner' | 'staff' | 'admin';
const ROLES: readonly Role[] = ['practitioner', 'staff', 'admin'];

/** Who is calling: `id` is the practitioner id for practitioners. */
export interface Caller {
  id: string;
  roles: Role[];
  email?: string;
  name?: string;
}

const ROLES_KEY = 'cme:roles';
const PUBLIC_KEY = 'cme:public';

/** Routes any authenticated caller with one of these roles may use. */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Routes that need no identity (health, metrics, docs are outside the guard already). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type RequestWithCaller = FastifyRequest & { caller?: Caller };

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new UnauthorizedException('No authenticated caller.');
  return caller;
});

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * DEVELOPMENT-ONLY stand-in for token verification, until verified JWTs land: the caller is taken from
 * `X-Dev-User` (id), `X-Dev-Roles` (comma-separated), `X-Dev-Email` and `X-Dev-Name` headers. It refuses
 * to exist in production, so it can never guard a real deployment.
 */
@Injectable()
export class DevelopmentIdentityGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {
    if (process.env.NODE_ENV === 'production') {
      throw new Error('the development identity stand-in cannot run with NODE_ENV=production');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!required) return true;

    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const id = header(request, 'x-dev-user');
    if (!id) throw new UnauthorizedException('Missing caller identity (X-Dev-User header in development).');
    const roles = (header(request, 'x-dev-roles') ?? 'practitioner')
      .split(',')
      .map((role) => role.trim())
      .filter((role): role is Role => ROLES.includes(role as Role));
    request.caller = {
      id,
      roles,
      email: header(request, 'x-dev-email'),
      name: header(request, 'x-dev-name'),
    };
    if (!required.some((role) => roles.includes(role))) {
      throw new ForbiddenException(`This action needs the role ${required.join(' or ')}.`);
    }
    return true;
  }
}
