/** The portal's own errors, as RFC 9457 problem documents worded for the person reading the page. */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
}

const problem = (status: number, title: string, detail: string): Problem => ({
  type: 'about:blank',
  title,
  status,
  detail,
});

export const PortalProblems = {
  signInRequired: () =>
    problem(401, 'Sign-in required', 'Your session has ended. Sign in again to continue.'),
  csrfRefused: () =>
    problem(
      403,
      'Request refused',
      'This request was refused because it did not come from the portal page. Reload the page and try again.',
    ),
  unknownApi: () => problem(404, 'Not found', 'There is no such page in the portal API.'),
  serviceUnavailable: (service: string) =>
    problem(
      502,
      'Service unavailable',
      `The ${service} service is not answering right now. Try again in a moment.`,
    ),
  signInFailed: () =>
    problem(
      502,
      'Sign-in unavailable',
      'The sign-in service is not answering right now. Try again in a moment.',
    ),
};
