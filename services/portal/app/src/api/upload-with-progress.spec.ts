import { ApiError, apiErrorOf, setCsrfToken, uploadWithProgress } from './api-client';

/** Just enough of XMLHttpRequest for the helper: the test plays the server. */
class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  withCredentials = false;
  status = 0;
  responseText = '';
  upload: { onprogress?: (event: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;

  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.();
  }
}

describe('uploadWithProgress', () => {
  const original = globalThis.XMLHttpRequest;
  beforeEach(() => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
    setCsrfToken('csrf-1');
  });
  afterEach(() => {
    globalThis.XMLHttpRequest = original;
    setCsrfToken(undefined);
  });

  it('posts with the CSRF header, reports the progress and answers the JSON', async () => {
    const progress: number[] = [];
    const body = new Blob(['title,provider\n']);
    const done = uploadWithProgress<{ id: string }>('/api/credits/v1/x', body, {
      contentType: 'text/csv',
      onProgress: (fraction) => progress.push(fraction),
    });
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/credits/v1/x');
    expect(xhr.headers).toMatchObject({ 'x-csrf-token': 'csrf-1', 'content-type': 'text/csv' });
    expect(xhr.body).toBe(body);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 25, total: 100 });
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 50, total: 0 });
    xhr.answer(201, { id: 'c-1' });
    await expect(done).resolves.toEqual({ id: 'c-1' });
    expect(progress).toEqual([0.25, 1]);
  });

  it('maps a refusal to an ApiError with its sentence and field errors', async () => {
    const tooLarge = uploadWithProgress('/x', new Blob([]));
    FakeXhr.last.answer(413, {
      status: 413,
      title: 'Payload Too Large',
      detail: 'A certificate is limited to 10 MiB; scan it at a lower resolution or as a PDF.',
    });
    await expect(tooLarge).rejects.toEqual(
      new ApiError(413, 'A certificate is limited to 10 MiB; scan it at a lower resolution or as a PDF.'),
    );

    const invalid = uploadWithProgress('/x', new Blob([]));
    FakeXhr.last.answer(400, { title: 'Bad Request', errors: [{ path: 'file', message: 'required' }] });
    const error = (await invalid.catch((failure: unknown) => failure)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual([{ path: 'file', message: 'required' }]);

    const crashed = uploadWithProgress('/x', new Blob([]));
    FakeXhr.last.answer(502, '<html>Bad gateway</html>');
    await expect(crashed).rejects.toMatchObject({ status: 502, message: expect.stringMatching(/our side/) });

    const offline = uploadWithProgress('/x', new Blob([]));
    FakeXhr.last.onerror?.();
    await expect(offline).rejects.toMatchObject({
      status: 0,
      message: expect.stringMatching(/cannot be reached/),
    });
  });
});

describe('apiErrorOf', () => {
  it('keeps the field errors of a client error only (a message without a path is about the whole body)', () => {
    const problem = {
      errors: [{ path: 'claimed[0].amount', message: 'must be positive' }, { message: 'no path' }],
    };
    expect(apiErrorOf(400, problem).fieldErrors).toEqual([
      { path: 'claimed[0].amount', message: 'must be positive' },
      { path: '', message: 'no path' },
    ]);
    expect(apiErrorOf(500, problem).fieldErrors).toEqual([]);
    expect(new ApiError(404, 'Not found.').fieldErrors).toEqual([]);
  });
});
