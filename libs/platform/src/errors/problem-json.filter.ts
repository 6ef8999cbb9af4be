import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';

import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type ProblemDetails } from './problem';

const MONGO_DUPLICATE_KEY = 11000;

function statusTitle(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((word) => word[0].toUpperCase() + word.slice(1))
        .join(' ')
    : 'Error';
}

/** Maps every error to RFC 9457 problem+json; internals (stacks, driver messages) stay in the logs. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemException) {
    return { type: problemType('error'), ...error.problem };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { type: 'about:blank', title: statusTitle(status), status, detail: error.message };
  }
  const candidate = error as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  if (candidate?.code === MONGO_DUPLICATE_KEY) {
    return {
      type: problemType('conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'A resource with the same unique key already exists.',
    };
  }
  // Fastify's own 4xx errors (malformed JSON, body too large, unsupported media type) are the client's.
  if (
    typeof candidate?.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500
  ) {
    return {
      type: 'about:blank',
      title: statusTitle(candidate.statusCode),
      status: candidate.statusCode,
      detail: String(candidate.message),
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred; it has been logged.',
  };
}

@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = { ...toProblem(error), instance: request.url };
    if (problem.status >= 500) {
      this.logger.error({ msg: 'request failed', method: request.method, url: request.url, err: error });
    }
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
