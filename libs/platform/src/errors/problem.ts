import { HttpException } from '@nestjs/common';

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem document. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://cme-tracker.dev/problems/';

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

/** Thrown by application code to answer with a specific problem. */
export class ProblemException extends HttpException {
  constructor(readonly problem: Omit<ProblemDetails, 'type'> & { type?: string }) {
    super(problem.detail, problem.status);
  }

  static badRequest(detail: string, errors?: FieldError[]): ProblemException {
    return new ProblemException({
      type: problemType('validation'),
      title: 'Bad Request',
      status: 400,
      detail,
      errors,
    });
  }

  static notFound(detail: string): ProblemException {
    return new ProblemException({ type: problemType('not-found'), title: 'Not Found', status: 404, detail });
  }

  static conflict(detail: string): ProblemException {
    return new ProblemException({ type: problemType('conflict'), title: 'Conflict', status: 409, detail });
  }

  static unprocessable(detail: string, errors?: FieldError[]): ProblemException {
    return new ProblemException({
      type: problemType('unprocessable'),
      title: 'Unprocessable Content',
      status: 422,
      detail,
      errors,
    });
  }
}
