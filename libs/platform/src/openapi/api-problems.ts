import { SetMetadata } from '@nestjs/common';
import { type ResponseObject } from '@nestjs/swagger';

import { PROBLEM_KINDS, type ProblemKind } from '../errors/app-exception';
import { FAULT, PROBLEM_CONTENT_TYPE } from '../errors/problem-json';

/** A status a problem document can carry: one of the kinds, or 500 for a fault. */
export type ProblemStatus = (typeof PROBLEM_KINDS)[ProblemKind]['status'] | 500;

export const PROBLEMS_KEY = 'cme:problems';

/**
 * The problems a route (or every route of a controller) answers by its own logic: `@ApiProblems(400, 404)`.
 * The OpenAPI document adds the ones the platform answers on its own (see `platformProblems`), so a route
 * lists only what its pipes, handler and services throw.
 */
export const ApiProblems = (...statuses: ProblemStatus[]) => SetMetadata(PROBLEMS_KEY, statuses);

/** What each status means to a client of any route; a route's own cases are told apart by `code`. */
const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is malformed or invalid; `errors` names each invalid field.',
  401: 'No valid bearer token; `WWW-Authenticate` names the scheme and, for a refused token, the reason.',
  403: 'The caller may not do this: the token lacks the role or the ownership it needs.',
  404: 'No such resource, or none this caller may see.',
  409: 'The resource is not in a state that allows this (or changed meanwhile): read it again.',
  413: 'The body is larger than this route accepts.',
  415: 'The body is of a media type this route does not take.',
  422: 'The request is well-formed but cannot be acted on; `errors` says why.',
  429: 'Too many requests from this address or by this user: retry after `Retry-After` seconds.',
  500: 'A fault of the service; the details are in its log, never in the response.',
  503: 'Not available right now (a dependency is down or still loading): try again shortly.',
};

const HEADERS: Partial<Record<ProblemStatus, ResponseObject['headers']>> = {
  401: {
    'WWW-Authenticate': {
      description: 'The scheme to use (RFC 6750); `error="invalid_token"` when the token was refused.',
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': {
      description: 'Seconds until the rate-limit window ends.',
      schema: { type: 'integer', minimum: 1 },
    },
  },
};

const TITLES = new Map<number, string>(
  [...Object.values(PROBLEM_KINDS), FAULT].map(({ status, title }) => [status, title]),
);

/** The name of a status's response in components/responses: its title in one word (`NotFound`). */
export function problemResponseName(status: ProblemStatus): string {
  return TITLES.get(status)!.replaceAll(' ', '');
}

/** The response a status stands for: a Problem (components/schemas), with the headers that status carries. */
export function problemResponse(status: ProblemStatus): ResponseObject {
  return {
    description: DESCRIPTIONS[status],
    ...(HEADERS[status] && { headers: HEADERS[status] }),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}
