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
    global.fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            status: 400,
            errors: [
              { path: 'licenses[0].number', message: 'must not be empty' },
              { message: 'no path' },
              { path: 'x' },
            ],
          }),
          { status: 400 },
        ),
    ) as unknown as typeof fetch;
    const error = (await requestJson('/api/credits/v1/practitioners/me').catch(
      (caught: unknown) => caught,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.fieldErrors).toEqual([
      { path: 'licenses[0].number', message: 'must not be empty' },
      { path: '', message: 'no path' },
    ]);
    expect(new ApiError(404, 'Not found.').fieldErrors).toEqual([]);
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
