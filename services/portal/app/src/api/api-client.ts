/** One message of a validation problem, e.g. `{ path: 'licenses[0].number', message: 'must be …' }`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * A failed call, with a message a person understands (never the raw response). `fieldErrors`: a client error's
 * `errors[]`, for forms to show each message next to its field (`path` '' is the body as a whole).
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** The well-formed entries of a problem's `errors[]`. */
export function fieldErrorsOf(problem: ProblemDocument | undefined): FieldError[] {
  return (problem?.errors ?? []).flatMap((error) =>
    typeof error.message === 'string'
      ? [{ path: typeof error.path === 'string' ? error.path : '', message: error.message }]
      : [],
  );
}

interface ProblemDocument {
  title?: unknown;
  detail?: unknown;
  errors?: { path?: unknown; message?: unknown }[];
}

/** The ApiError of an error response: its sentence and, for a client error, the problem's field messages. */
export function apiErrorOf(status: number, problem: ProblemDocument | undefined): ApiError {
  const fieldErrors = status >= 400 && status < 500 ? fieldErrorsOf(problem) : [];
  return new ApiError(status, humanMessage(status, problem), fieldErrors);
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
  const fields = fieldErrorsOf(problem);
  if (fields.length > 0) return fields.map((field) => field.message).join(' ');
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

const UNREACHABLE = 'The portal cannot be reached. Check your connection and try again.';

/**
 * A JSON call to the portal (`/auth/...` or `/api/<service>/v1/...`); the session cookie does the rest.
 * `headers` adds request headers (an `Idempotency-Key`); a 204 answers undefined.
 */
export async function requestJson<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  return send<T>(
    path,
    init.method ?? 'GET',
    init.body === undefined
      ? undefined
      : { contentType: 'application/json', text: JSON.stringify(init.body) },
    init.headers,
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
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  if (body) headers['content-type'] = body.contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body?.text });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json()) as T;
  const problem = (await response.json().catch(() => undefined)) as ProblemDocument | undefined;
  throw apiErrorOf(response.status, problem);
}

/**
 * Sends a file to the portal (`POST`, with the CSRF header) and answers the JSON response. `body` is a
 * FormData (multipart: the browser sets the boundary) or a Blob sent as it is with `contentType`.
 * XMLHttpRequest rather than fetch: only it reports the upload's progress (`onProgress`, 0 to 1).
 */
export function uploadWithProgress<T>(
  path: string,
  body: FormData | Blob,
  options: { contentType?: string; onProgress?: (fraction: number) => void } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    if (options.contentType) request.setRequestHeader('content-type', options.contentType);
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      const parsed = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        options.onProgress?.(1);
        resolve(parsed as T);
      } else {
        reject(apiErrorOf(request.status, parsed as ProblemDocument | undefined));
      }
    };
    request.onerror = () => reject(new ApiError(0, UNREACHABLE));
    request.send(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
