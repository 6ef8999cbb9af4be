import { ForbiddenException } from '@nestjs/common';

import { ProblemException } from './problem';
import { toProblem } from './problem-json.filter';

describe('problem+json mapping', () => {
  it('keeps an application problem as it is, with its field errors', () => {
    const problem = toProblem(
      ProblemException.badRequest('The request body is invalid.', [{ path: 'a[0].b', message: 'bad' }]),
    );
    expect(problem).toEqual({
      type: 'https://cme-tracker.dev/problems/validation',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is invalid.',
      errors: [{ path: 'a[0].b', message: 'bad' }],
    });
  });

  it('maps Nest HTTP exceptions, duplicate keys and client errors from Fastify', () => {
    expect(toProblem(new ForbiddenException('Needs staff.'))).toMatchObject({
      status: 403,
      title: 'Forbidden',
      detail: 'Needs staff.',
    });
    expect(toProblem({ code: 11000, message: 'E11000 duplicate key error collection: x index: y' })).toEqual({
      type: 'https://cme-tracker.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'A resource with the same unique key already exists.',
    });
    expect(toProblem({ statusCode: 413, message: 'Request body is too large' })).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
    });
  });

  it('never leaks an unexpected error to the client', () => {
    const problem = toProblem(new Error('MongoServerError: connection 5 to 10.0.0.3 closed'));
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    });
  });
});
