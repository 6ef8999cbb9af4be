import { ApiError, humanMessage, requestJson } from './api-client';

describe('humanMessage', () => {
  it('uses the field messages of a validation problem, then its detail, then its title', () => {
    expect(
      humanMessage(400, {
        title: 'Bad Request',
        detail: 'The body is invalid.',
        errors: [
          { path: 'amount', message: 'Hours must be positive.' },
          { path: 'x', message: 'Too long.' },
        ],
      }),
    ).toBe('Hours must be positive. Too long.');
    expect(humanMessage(409, { title: 'Conflict', detail: 'This course is already published.' })).toBe(
      'This course is already published.',
    );
    expect(humanMessage(404, { title: 'Course not found' })).toBe('Course not found');
    expect(humanMessage(404, undefined)).toBe('Not found.');
  });

  it('never shows what a server error says about itself', () => {
    expect(humanMessage(500, { detail: 'MongoServerError: E11000 duplicate key' })).toBe(
      'Something went wrong on our side. Try again in a moment.',
    );
    expect(humanMessage(502, { detail: 'The credits service is not answering right now.' })).toBe(
      'The credits service is not answering right now.',
    );
  });

  it('words the statuses people meet', () => {
    expect(humanMessage(401, undefined)).toMatch(/Sign in again/);
    expect(humanMessage(403, { detail: 'role staff required' })).toBe('You do not have access to this.');
    expect(humanMessage(429, undefined)).toMatch(/Too many requests/);
  });
});

describe('requestJson', () => {
  const answer = (status: number, body: unknown) =>
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );

  afterEach(() => jest.restoreAllMocks());

  it("carries a validation problem's field errors, for forms to show next to their fields", async () => {
    answer(400, {
      title: 'Bad Request',
      errors: [{ path: 'credits[0].amount', message: 'at most 100 AMA_PRA_1 per course' }, { message: 'x' }],
    });
    const failure = await requestJson('/api/catalog/v1/courses', { method: 'POST', body: {} }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).fieldErrors).toEqual([
      { path: 'credits[0].amount', message: 'at most 100 AMA_PRA_1 per course' },
      { path: '', message: 'x' },
    ]);
  });

  it('has no field errors for other failures', async () => {
    answer(409, { title: 'Conflict', detail: 'Course c-1 is retired.' });
    const failure = (await requestJson('/api/catalog/v1/courses/c-1').catch(
      (error: unknown) => error,
    )) as ApiError;
    expect(failure.message).toBe('Course c-1 is retired.');
    expect(failure.fieldErrors).toEqual([]);
  });
});
