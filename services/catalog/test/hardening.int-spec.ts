import {
  asPractitioner,
  asStaff,
  describeHardening,
  startTestService,
  type TestService,
  uniqueSuffix,
} from '@cme/testing';
import request from 'supertest';

import { catalogService } from '../src/catalog.module';
import { sampleCourse as course } from './sample-course';

describeHardening(catalogService, {
  bodyRoute: { method: 'post', path: '/v1/courses', roles: ['staff'], body: course, accepted: 201 },
});

describe('catalog query strings and path parameters are plain strings (real service)', () => {
  let service: TestService;
  /** A word no other course has, in the title of a published course. */
  const word = `zqxv${uniqueSuffix()}`;
  let courseId: string;
  const search = (query: string) =>
    request(service.url)
      .get(`/v1/courses?${query}`)
      .set(asPractitioner(`p-${uniqueSuffix()}`));

  beforeAll(async () => {
    service = await startTestService(catalogService);
    const created = await request(service.url)
      .post('/v1/courses')
      .set(asStaff())
      .send({ ...course, title: `Opioid stewardship ${word}` })
      .expect(201);
    courseId = created.body.id;
    await request(service.url).post(`/v1/courses/${courseId}/publish`).set(asStaff()).expect(200);
  });

  afterAll(() => service?.close());

  it.each([
    'q[$gt]=',
    'q[$regex]=.*',
    'q[$where]=sleep(1000)',
    'q=pain&q=opioid',
    'topic[$ne]=ethics',
    'status[$in]=draft',
    'limit[$gt]=0',
    '$where=1',
    'cursor[$exists]=true',
  ])('refuses ?%s with 400 problem+json (a bracketed key is never an object)', async (query) => {
    const response = await search(query);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('finds the course by its words', async () => {
    const found = await search(`q=${word}`).expect(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([courseId]);
  });

  it.each(['.*', '^', '(a+)+$', '[', '\\', '$gt', '{"$ne":null}'])(
    'answers q=%s as plain text, without error',
    async (text) => {
      expect((await search(`q=${encodeURIComponent(text)}`)).status).toBe(200);
    },
  );

  it('never matches what only a regular expression would match', async () => {
    const onlyAsRegex = [
      `${word.slice(0, 2)}.${word.slice(3)}`,
      `.${word.slice(1)}`,
      `[${word[0]}]${word.slice(1)}`,
      `(${word}|absent)`,
    ];
    for (const text of onlyAsRegex) {
      const response = await search(`q=${encodeURIComponent(text)}`).expect(200);
      expect(response.body.items.map((item: { id: string }) => item.id)).not.toContain(courseId);
    }
  });

  it('refuses path parameters that are not course ids', async () => {
    for (const id of [encodeURIComponent('{"$gt":""}'), '%24where', encodeURIComponent('.*')]) {
      await request(service.url).get(`/v1/courses/${id}`).set(asStaff()).expect(400);
    }
  });
});
