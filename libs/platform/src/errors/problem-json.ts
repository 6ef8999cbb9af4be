import { HttpException, Logger } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';

import { AppException, PROBLEM_KINDS, type ProblemKind } from './app-exception';

/**
 * An RFC 9457 problem document, as every error response of the API carries it. A schema rather than an
 * interface because the OpenAPI documents publish it (components/schemas/Problem) to clients.
 */
export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('Names the kind of problem: a URI of ours, or `about:blank` for a fault.'),
    title: z.string().describe('The kind in words (`Not Found`).'),
    status: z.number().int().min(400).max(599),
    detail: z.string().describe('What went wrong with this request, for people to read.'),
    code: z
      .string()
      .optional()
      .describe('The exact case (`course-not-found`), stable for clients; absent for faults.'),
    instance: z.string().optional().describe('The path of the request.'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Each invalid field: a `credits[0].amount` style path and what is wrong with it.'),
  })
  .describe('A problem (RFC 9457); some carry extension members, e.g. readiness names what is `down`.');

export type ProblemDetails = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** What an error that is neither an AppException nor a framework client error answers: a fault of ours. */
export const FAULT = { status: 500, title: 'Internal Server Error' } as const;
const PROBLEM_TYPE_BASE = 'https://cme-tracker.dev/problems/';

const KIND_OF_STATUS = new Map<number, ProblemKind>(
  Object.entries(PROBLEM_KINDS).map(([kind, { status }]) => [status, kind as ProblemKind]),
);

const logger = new Logger('http');

/**
 * A client error raised before our code runs: Fastify's parsers (malformed JSON, a body over the limit, a
 * media type no parser takes) and Nest's router (no such route) — the only framework errors we map, by status.
 */
function frameworkClientError(error: unknown): AppException | undefined {
  const status =
    error instanceof HttpException
      ? error.getStatus()
      : (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const kind = KIND_OF_STATUS.get(status) ?? 'validation';
  const code = (error as { code?: unknown }).code;
  return new AppException(
    kind,
    typeof code === 'string' ? code.toLowerCase() : kind,
    (error as Error).message,
  );
}

/**
 * Maps any error to its problem document, in this one place: an {@link AppException} to its kind's status,
 * a framework client error to its own status, anything else — a driver error, a duplicate key that escaped
 * its repository, a bug — to a 500 whose details stay in the log.
 */
export function toProblem(error: unknown): { problem: ProblemDetails; headers: Record<string, string> } {
  const known = error instanceof AppException ? error : frameworkClientError(error);
  if (!known) {
    return {
      problem: {
        type: 'about:blank',
        ...FAULT,
        detail: 'An unexpected error occurred; it has been logged.',
      },
      headers: {},
    };
  }
  const { status, title } = PROBLEM_KINDS[known.kind];
  const { errors, headers = {}, extensions = {} } = known.options;
  return {
    problem: {
      ...extensions,
      type: `${PROBLEM_TYPE_BASE}${known.kind}`,
      title,
      status,
      detail: known.detail,
      code: known.code,
      ...(errors && { errors }),
    },
    headers,
  };
}

/** Answers a request with the problem for `error`; Fastify hooks, which run outside Nest, use it too. */
export function sendProblem(reply: FastifyReply, error: unknown, request?: FastifyRequest): FastifyReply {
  const { problem, headers } = toProblem(error);
  // A fault, not an outcome the code chose (those, 503 included, are the client's news, not the operator's).
  if (problem.status === 500) {
    logger.error({ msg: 'request failed', method: request?.method, url: request?.url, err: error });
  }
  return reply
    .status(problem.status)
    .headers(headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, ...(request && { instance: request.url }) });
}
