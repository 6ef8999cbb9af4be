import { CourseEventTypes, Topics } from '@cme/contracts';
import { asPractitioner, asStaff, EventTap, startTestService, type TestService } from '@cme/testing';
import request from 'supertest';

import { catalogService } from '../src/catalog.module';

const course = {
  title: 'Safe opioid prescribing for chronic pain',
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  format: 'enduring',
  topics: ['opioid-prescribing', 'pain-management'],
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
  professions: ['physician'],
};

describe('catalog courses (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let tap: EventTap;

  beforeAll(async () => {
    tap = await EventTap.open(Topics.courses);
    service = await startTestService(catalogService);
  });

  afterAll(async () => {
    await service?.close();
    await tap?.close();
  });

  it('creates a draft, publishes it, and puts the full snapshot on the course topic', async () => {
    const created = await request(service.url).post('/v1/courses').set(asStaff()).send(course).expect(201);
    expect(created.body).toMatchObject({ ...course, status: 'draft', version: 1 });

    const published = await request(service.url)
      .post(`/v1/courses/${created.body.id}/publish`)
      .set(asStaff())
      .set('content-type', 'application/json')
      .expect(200);
    expect(published.body).toMatchObject({ id: created.body.id, status: 'published' });
    expect(published.body.publishedAt).toEqual(expect.any(String));

    const event = await tap.waitFor((e) => e.subject === created.body.id);
    expect(event).toMatchObject({
      specversion: '1.0',
      type: CourseEventTypes.published,
      source: 'catalog',
      subject: created.body.id,
      data: { ...course, id: created.body.id, status: 'published', version: 1 },
    });
  });

  it('answers 409 problem+json when a course that is not a draft is published', async () => {
    const created = await request(service.url).post('/v1/courses').set(asStaff()).send(course).expect(201);
    await request(service.url).post(`/v1/courses/${created.body.id}/publish`).set(asStaff()).expect(200);
    const again = await request(service.url)
      .post(`/v1/courses/${created.body.id}/publish`)
      .set(asStaff())
      .expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({ status: 409, title: 'Conflict' });
  });

  it('rejects invalid and unknown fields with 400 and a path per error, storing nothing', async () => {
    const response = await request(service.url)
      .post('/v1/courses')
      .set(asStaff())
      .send({ ...course, credits: [{ type: 'AMA_PRA_1', amount: -1 }], isFree: true })
      .expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'credits[0].amount' }),
        expect.objectContaining({ message: expect.stringContaining('isFree') }),
      ]),
    );
  });

  it('rejects malformed JSON and oversized bodies as problem+json', async () => {
    const malformed = await request(service.url)
      .post('/v1/courses')
      .set(asStaff())
      .set('content-type', 'application/json')
      .send('{"title": ')
      .expect(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    await request(service.url)
      .post('/v1/courses')
      .set(asStaff())
      .send({ ...course, summary: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
  });

  it('answers 401 without an identity, 403 to a practitioner creating a course, 404 for an unknown id', async () => {
    await request(service.url).post('/v1/courses').send(course).expect(401);
    await request(service.url).post('/v1/courses').set(asPractitioner('p-1')).send(course).expect(403);
    const missing = await request(service.url)
      .get('/v1/courses/2b8f6d2e-3c1a-4f5e-9a7b-1c2d3e4f5a6b')
      .set(asStaff())
      .expect(404);
    expect(missing.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('serves health, Prometheus metrics and OpenAPI docs', async () => {
    await request(service.url).get('/health/live').expect(200, { status: 'live' });
    const ready = await request(service.url).get('/health/ready').expect(200);
    expect(ready.body.checks).toEqual({
      mongodb: { status: 'up' },
      kafka: { status: 'up' },
      redis: { status: 'up' },
    });
    const metrics = await request(service.url).get('/metrics').expect(200);
    expect(metrics.text).toContain('http_requests_total');
    const docs = await request(service.url).get('/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/courses', '/v1/courses/{id}/publish']),
    );
    await request(service.url).get('/docs').expect(200);
  });
});
