import { ApiError, requestJson, setCsrfToken } from './api-client';

export interface SessionUser {
  sub: string;
  name?: string;
  email?: string;
  roles: string[];
}

/** The signed-in user, or undefined when nobody is signed in. */
export async function loadSession(): Promise<SessionUser | undefined> {
  try {
    const session = await requestJson<{ user: SessionUser; csrfToken: string }>('/auth/session');
    setCsrfToken(session.csrfToken);
    return session.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

/** Ends the portal session, then the provider's (the browser follows the provider's sign-out page). */
export async function signOut(): Promise<void> {
  const { signOutUrl } = await requestJson<{ signOutUrl: string }>('/auth/logout', { method: 'POST' });
  setCsrfToken(undefined);
  window.location.assign(signOutUrl);
}

export const isStaff = (user: SessionUser) => user.roles.includes('staff') || user.roles.includes('admin');
