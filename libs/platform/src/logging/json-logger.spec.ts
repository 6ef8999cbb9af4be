import { Writable } from 'node:stream';

import { createPinoLogger, JsonLogger, scrubSecrets } from './json-logger';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwLTEiLCJyb2xlcyI6WyJwcmFjdGl0aW9uZXIiXX0.c2lnbmF0dXJlLWJ5dGVz';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createPinoLogger('test', 'trace', destination) };
}

describe('logs never carry credentials', () => {
  it('redacts credential fields at the top and one level down', () => {
    const { lines, logger } = capture();
    logger.info({
      authorization: `Bearer ${JWT}`,
      req: { headers: { authorization: `Bearer ${JWT}`, cookie: 'sid=1' } },
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
      body: { password: 'hunter2', token: 'abc', secret: 's3', note: 'kept' },
    });
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|dXNlcjpwYXNz|sid=1|"abc"|s3|eyJ/);
    expect(lines[0]).toMatchObject({ body: { note: 'kept', password: '[redacted]' } });
  });

  it('masks tokens inside messages, URLs and errors, wherever they are', () => {
    const { lines, logger } = capture();
    const nest = new JsonLogger(logger);
    nest.log(`verifying ${JWT}`, 'auth');
    nest.warn({ msg: 'request', url: `/v1/unsubscribe?token=${JWT}&x=1`, nested: { list: [JWT] } });
    nest.error(new Error(`bad token ${JWT}`));
    logger.info({ err: Object.assign(new Error('failed'), { detail: `token ${JWT}` }) }, 'with error');
    const written = JSON.stringify(lines);
    expect(written).not.toContain('eyJ');
    expect(written).not.toContain('c2lnbmF0dXJlLWJ5dGVz');
    expect(lines[1]).toMatchObject({ url: '/v1/unsubscribe?token=[redacted]&x=1' });
    expect(lines[2]).toMatchObject({ msg: 'bad token [redacted]', err: { message: 'bad token [redacted]' } });
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('GET /v1/courses?q=pain&limit=20 → 200')).toBe(
      'GET /v1/courses?q=pain&limit=20 → 200',
    );
  });
});
