import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';

export type Role = 'practitioner' | 'staff' | 'admin';
export const ROLES: readonly Role[] = ['practitioner', 'staff', 'admin'];

/** Who is calling, from a verified token: `id` is the `sub` claim, the practitioner id for practitioners. */
export interface Caller {
  id: string;
  roles: Role[];
  email?: string;
  name?: string;
}

/** Roles that act for the organisation (publish courses, read any practitioner's record). */
export const STAFF_ROLES: readonly Role[] = ['staff', 'admin'];

export function isStaff(caller: Caller): boolean {
  return caller.roles.some((role) => STAFF_ROLES.includes(role));
}

export const ROLES_KEY = 'cme:roles';
export const PUBLIC_KEY = 'cme:public';
export const SELF_PARAM_KEY = 'cme:self-param';

/**
 * Routes only callers holding one of these roles may use. Every route not marked `Public()` needs a valid
 * token in any case; without `RequireRoles` any authenticated caller may use it.
 */
export const RequireRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Routes that need no token (health, metrics; the unsubscribe link in an email). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/**
 * `/{id}` routes about one practitioner: staff and admins, or the practitioner whose id is the route
 * parameter `param`. (`me` routes need no such check: they read the id from the token.)
 */
export const SelfOrStaff = (param = 'id') => SetMetadata(SELF_PARAM_KEY, param);

export type RequestWithCaller = FastifyRequest & { caller?: Caller };

/** The verified caller of the current request. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  // Only a route marked Public() has no caller: a programming error, not the client's.
  if (!caller) throw new Error('CurrentCaller used on a route without an authenticated caller');
  return caller;
});
