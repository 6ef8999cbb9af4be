/**
 * Request headers of the development identity stand-in (libs/platform identity/caller.ts) for a caller.
 */
export function asCaller(id: string, roles: string[], extra: { email?: string; name?: string } = {}) {
  return {
    'x-dev-user': id,
    'x-dev-roles': roles.join(','),
    ...(extra.email && { 'x-dev-email': extra.email }),
    ...(extra.name && { 'x-dev-name': extra.name }),
  };
}

export const asStaff = (id = 'staff-1') => asCaller(id, ['staff']);

export const asPractitioner = (id: string, email?: string, name?: string) =>
  asCaller(id, ['practitioner'], { email, name });
