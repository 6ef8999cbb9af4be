/** One invalid field of a request: `credits[0].amount` style path, and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The kinds of problem the services answer with, each with its HTTP status and RFC 9457 title. A kind is the
 * transport-independent part of an error; the status is chosen here and nowhere else.
 */
export const PROBLEM_KINDS = {
  validation: { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'Payload Too Large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported Media Type' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
  'rate-limited': { status: 429, title: 'Too Many Requests' },
  unavailable: { status: 503, title: 'Service Unavailable' },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export interface AppExceptionOptions {
  /** Field errors of a validation (400) or an unprocessable request (422). */
  errors?: FieldError[];
  /** Response headers the problem needs (`Retry-After`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** Extension members of the problem document (RFC 9457 §3.2), e.g. the dependencies that are down. */
  extensions?: Record<string, unknown>;
}

/**
 * The one error type application code throws for an outcome the client must hear about. `code` names the
 * exact case (`course-not-found`) for clients and logs; `kind` decides the status. Everything else that
 * escapes a request handler is a fault: a 500 and a log line (see `problem-json.ts`). Modules build theirs
 * through the factories below, usually from a `*.errors.ts` file that keeps their codes in one place.
 */
export class AppException extends Error {
  override readonly name = 'AppException';

  constructor(
    readonly kind: ProblemKind,
    readonly code: string,
    readonly detail: string,
    readonly options: AppExceptionOptions = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  static validation(code: string, detail: string, errors?: FieldError[]): AppException {
    return new AppException('validation', code, detail, { errors });
  }

  static unauthenticated(code: string, detail: string, wwwAuthenticate: string): AppException {
    return new AppException('unauthenticated', code, detail, {
      headers: { 'www-authenticate': wwwAuthenticate },
    });
  }

  static forbidden(code: string, detail: string): AppException {
    return new AppException('forbidden', code, detail);
  }

  static notFound(code: string, detail: string): AppException {
    return new AppException('not-found', code, detail);
  }

  static conflict(code: string, detail: string): AppException {
    return new AppException('conflict', code, detail);
  }

  static payloadTooLarge(code: string, detail: string): AppException {
    return new AppException('payload-too-large', code, detail);
  }

  static unsupportedMediaType(code: string, detail: string): AppException {
    return new AppException('unsupported-media-type', code, detail);
  }

  static unprocessable(code: string, detail: string, errors?: FieldError[]): AppException {
    return new AppException('unprocessable', code, detail, { errors });
  }

  static rateLimited(code: string, detail: string, retryAfterSeconds: number): AppException {
    return new AppException('rate-limited', code, detail, {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }

  static unavailable(code: string, detail: string, extensions?: Record<string, unknown>): AppException {
    return new AppException('unavailable', code, detail, { extensions });
  }
}
