/** One field a 400 problem refused: `path` as the API names it (`credits[0].amount`), `message` in words. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * A failed call, with a message a person understands (never the raw response); `fieldErrors` are the
 * validation problem's fields (none for other failures), for forms to show next to their fields.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

interface ProblemDocument {
  title?: unknown;
  detail?: unknown;
  errors?: { path?: unknown; message?: unknown }[];
}

/** The sentence to show for an error response (RFC 9457 problem documents from the portal or the services). */
export function humanMessage(status: number, problem: ProblemDocument | undefined): string {
  if (status >= 500) {
    return status === 502 && typeof problem?.detail === 'string'
      ? problem.detail
      : 'Something went wrong on our side. Try again in a moment.';
  }
  if (status === 401) return 'Your session has ended. Sign in again to continue.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  const fields = (problem?.errors ?? [])
    .filter((error) => typeof error.message === 'string')
    .map((error) => error.message as string);
  if (fields.length > 0) return fields.join(' ');
  if (typeof problem?.detail === 'string' && problem.detail.length > 0) return problem.detail;
  if (typeof problem?.title === 'string' && problem.title.length > 0) return problem.title;
  return status === 404 ? 'Not found.' : 'The request could not be completed.';
}

let csrfToken: string | undefined;

/** Remembered from the session: sent back on every state-changing call. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Sends the browser to sign in, back to the current page afterwards. */
export function signIn(): void {
  const returnTo = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}

function fieldErrorsOf(problem: ProblemDocument | undefined): FieldError[] {
  return (problem?.errors ?? []).flatMap(({ path, message }) =>
    typeof message === 'string' ? [{ path: typeof path === 'string' ? path : '', message }] : [],
  );
}

/** A JSON call to the portal (`/auth/...` or `/api/<service>/v1/...`); the session cookie does the rest. */
export async function requestJson<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  return send<T>(
    path,
    init.method ?? 'GET',
    init.body === undefined
      ? undefined
      : { contentType: 'application/json', text: JSON.stringify(init.body) },
  );
}

/** POSTs a file's text as it is (e.g. a CSV import), with its content type; answers the JSON response. */
export function postText<T>(path: string, text: string, contentType: string): Promise<T> {
  return send<T>(path, 'POST', { contentType, text });
}

async function send<T>(
  path: string,
  method: string,
  body: { contentType: string; text: string } | undefined,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body) headers['content-type'] = body.contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body?.text });
  } catch {
    throw new ApiError(0, 'The portal cannot be reached. Check your connection and try again.');
  }
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.json().catch(() => undefined)) as ProblemDocument | undefined;
  throw new ApiError(response.status, humanMessage(response.status, problem), fieldErrorsOf(problem));
}
