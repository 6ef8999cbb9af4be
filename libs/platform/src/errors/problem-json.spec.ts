import { NotFoundException } from '@nestjs/common';

import { AppException } from './app-exception';
import { toProblem } from './problem-json';

describe('problem+json mapping', () => {
  it('answers an application exception with its kind, code and field errors', () => {
    const { problem, headers } = toProblem(
      AppException.validation('request-invalid', 'The request body is invalid.', [
        { path: 'a[0].b', message: 'bad' },
      ]),
    );
    expect(problem).toEqual({
      type: 'https://cme-tracker.dev/problems/validation',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is invalid.',
      code: 'request-invalid',
      errors: [{ path: 'a[0].b', message: 'bad' }],
    });
    expect(headers).toEqual({});
  });

  it.each([
    [AppException.unauthenticated('token-missing', 'x', 'Bearer realm="r"'), 401, 'www-authenticate'],
    [AppException.forbidden('role-missing', 'x'), 403, undefined],
    [AppException.notFound('course-not-found', 'x'), 404, undefined],
    [AppException.conflict('course-changed', 'x'), 409, undefined],
    [AppException.payloadTooLarge('body-too-large', 'x'), 413, undefined],
    [AppException.unsupportedMediaType('media-type', 'x'), 415, undefined],
    [AppException.unprocessable('claim-exceeds-course', 'x'), 422, undefined],
    [AppException.rateLimited('rate-limited', 'x', 7), 429, 'retry-after'],
    [AppException.unavailable('catalog-loading', 'x'), 503, undefined],
  ])('maps %o to %i', (error, status, header) => {
    const { problem, headers } = toProblem(error);
    expect(problem.status).toBe(status);
    if (header) expect(Object.keys(headers)).toEqual([header]);
  });

  it('carries extension members', () => {
    const { problem } = toProblem(
      AppException.unavailable('dependency-unavailable', 'Not ready.', { down: ['mongodb'] }),
    );
    expect(problem).toMatchObject({ status: 503, down: ['mongodb'], code: 'dependency-unavailable' });
  });

  it("maps the framework's client errors by their status", () => {
    expect(toProblem(new NotFoundException('Cannot GET /v1/nothing')).problem).toMatchObject({
      status: 404,
      title: 'Not Found',
      detail: 'Cannot GET /v1/nothing',
    });
    const tooLarge = {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      message: 'Request body is too large',
    };
    expect(toProblem(tooLarge).problem).toMatchObject({
      status: 413,
      title: 'Payload Too Large',
      code: 'fst_err_ctp_body_too_large',
    });
  });

  it('answers 500 to a duplicate key that escaped its repository, and to anything unexpected', () => {
    const internal = {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; it has been logged.',
    };
    expect(toProblem({ code: 11000, message: 'E11000 duplicate key error collection: x' }).problem).toEqual(
      internal,
    );
    expect(toProblem(new Error('MongoServerError: connection 5 to 10.0.0.3 closed')).problem).toEqual(
      internal,
    );
  });
});
