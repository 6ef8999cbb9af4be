import { CourseEventTypes, CourseSnapshotSchema, Topics } from '@cme/contracts';
import {
  asPractitioner,
  asStaff,
  EventTap,
  startTestService,
  type TestService,
  waitForQuiescence,
} from '@cme/testing';
import request from 'supertest';

import { catalogService } from '../src/catalog.module';

const course = {
  title: 'Safe opioid prescribing for chronic pain',
  summary: 'Risk assessment, dosing and tapering.',
  provider: { name: 'Pain Society', accreditor: 'ACCME', accreditationId: 'ACCME-1234' },
  format: 'live',
  topics: ['opioid-prescribing', 'pain-management'],
  credits: [
    { type: 'AMA_PRA_1', amount: 8 },
    { type: 'ANCC_CH', amount: 8 },
  ],
  professions: ['physician', 'nurse-practitioner'],
  startsOn: '2026-12-01',
  endsOn: '2026-12-02',
  url: 'https://cme.example.org/opioids',
  location: 'Chicago, IL',
};

describe('catalog courses (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let tap: EventTap;
  const staff = asStaff();
  const practitioner = asPractitioner('p-1');

  beforeAll(async () => {
    // The service provisions its topics at start-up; the tap can only subscribe to a topic that exists.
    service = await startTestService(catalogService);
    tap = await EventTap.open(Topics.courses);
  });

  afterAll(async () => {
    await service?.close();
    await tap?.close();
  });

  const api = () => request(service.url);
  const createDraft = async (body: object = course) =>
    (await api().post('/v1/courses').set(staff).send(body).expect(201)).body as {
      id: string;
      version: number;
    };
  /** The event of this type and version for this course, as it arrived on the topic. */
  const eventOf = (id: string, type: string, version: number) =>
    tap.waitFor(
      (event) =>
        event.subject === id &&
        event.type === type &&
        (event.data as { version: number }).version === version,
    );

  it('walks a course through draft → published → retired, publishing a full snapshot at each step', async () => {
    const draft = await createDraft();
    expect(draft).toMatchObject({ ...course, status: 'draft', version: 1 });
    expect(draft).not.toHaveProperty('publishedAt');

    const published = (await api().post(`/v1/courses/${draft.id}/publish`).set(staff).expect(200)).body;
    expect(published).toMatchObject({ ...course, id: draft.id, status: 'published', version: 2 });
    expect(published.publishedAt).toEqual(expect.any(String));
    const publishedEvent = await eventOf(draft.id, CourseEventTypes.published, 2);
    expect(publishedEvent).toMatchObject({
      specversion: '1.0',
      source: 'catalog',
      subject: draft.id,
      data: published,
    });
    expect(CourseSnapshotSchema.parse(publishedEvent.data)).toEqual(published);

    const edited = (
      await api()
        .patch(`/v1/courses/${draft.id}`)
        .set(staff)
        .send({ title: 'Safe opioid prescribing, 2027 edition', location: null })
        .expect(200)
    ).body;
    expect(edited).toMatchObject({
      status: 'published',
      version: 3,
      title: 'Safe opioid prescribing, 2027 edition',
    });
    expect(edited).not.toHaveProperty('location');
    expect((await eventOf(draft.id, CourseEventTypes.updated, 3)).data).toEqual(edited);

    const retired = (await api().post(`/v1/courses/${draft.id}/retire`).set(staff).expect(200)).body;
    expect(retired).toMatchObject({ status: 'retired', version: 4, publishedAt: published.publishedAt });
    expect((await eventOf(draft.id, CourseEventTypes.retired, 4)).data).toEqual(retired);

    expect((await api().get(`/v1/courses/${draft.id}`).set(practitioner).expect(200)).body).toEqual(retired);
  });

  it('carries the approvals staff set into the published snapshot, and a patch changes them', async () => {
    const draft = await createDraft({ ...course, approvals: ['tx-hhsc-approved-human-trafficking'] });
    expect(draft).toMatchObject({ approvals: ['tx-hhsc-approved-human-trafficking'] });
    await api().post(`/v1/courses/${draft.id}/publish`).set(staff).expect(200);
    const published = await eventOf(draft.id, CourseEventTypes.published, 2);
    expect(CourseSnapshotSchema.parse(published.data).approvals).toEqual([
      'tx-hhsc-approved-human-trafficking',
    ]);
    const cleared = await api()
      .patch(`/v1/courses/${draft.id}`)
      .set(staff)
      .send({ approvals: [] })
      .expect(200);
    expect(cleared.body.approvals).toEqual([]);
  });

  it('answers 409 problem+json to every transition the lifecycle does not have', async () => {
    const draft = await createDraft();
    const conflict = async (action: string) => {
      const response = await api().post(`/v1/courses/${draft.id}/${action}`).set(staff).expect(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 409, title: 'Conflict' });
    };
    await conflict('retire'); // draft → retired
    await api().post(`/v1/courses/${draft.id}/publish`).set(staff).expect(200);
    await conflict('publish'); // published → published
    await api().post(`/v1/courses/${draft.id}/retire`).set(staff).expect(200);
    await conflict('publish'); // retired → published
    await conflict('retire'); // retired → retired
    await api().patch(`/v1/courses/${draft.id}`).set(staff).send({ title: 'Too late' }).expect(409);
  });

  it('edits a draft without an event, and validates the course as a whole after a patch', async () => {
    const draft = await createDraft();
    const edited = (
      await api()
        .patch(`/v1/courses/${draft.id}`)
        .set(staff)
        .send({ topics: ['ethics'] })
        .expect(200)
    ).body;
    expect(edited).toMatchObject({ status: 'draft', version: 2, topics: ['ethics'] });

    const invalid = await api()
      .patch(`/v1/courses/${draft.id}`)
      .set(staff)
      .send({ endsOn: '2026-11-30' })
      .expect(400);
    expect(invalid.body.errors).toEqual([{ path: 'endsOn', message: 'must not be before startsOn' }]);
    await api().patch(`/v1/courses/${draft.id}`).set(staff).send({ startsOn: null }).expect(400);
    await api().patch(`/v1/courses/${draft.id}`).set(staff).send({ version: 7 }).expect(400);

    // A patch that changes nothing makes no new version.
    const same = (
      await api()
        .patch(`/v1/courses/${draft.id}`)
        .set(staff)
        .send({ topics: ['ethics'] })
        .expect(200)
    ).body;
    expect(same.version).toBe(2);
    // With the outbox empty and the tap at the topic's end, any event of these edits would be in tap.events.
    await waitForQuiescence({
      kafka: { brokers: service.config.KAFKA_BROKERS, groups: [tap.consumerGroup] },
      outboxes: [{ connection: service.connection, collections: ['courses'] }],
    });
    expect(tap.events.filter((event) => event.subject === draft.id)).toEqual([]);
  });

  it('lets concurrent edits of one course either win or get 409, never lose one silently', async () => {
    const draft = await createDraft();
    const titles = Array.from({ length: 6 }, (_, index) => `Concurrent edit number ${index}`);
    const responses = await Promise.all(
      titles.map((title) => api().patch(`/v1/courses/${draft.id}`).set(staff).send({ title })),
    );
    expect(responses.map((response) => response.status).every((status) => [200, 409].includes(status))).toBe(
      true,
    );
    const winners = responses.filter((response) => response.status === 200);
    const final = (await api().get(`/v1/courses/${draft.id}`).set(staff).expect(200)).body;
    // Each successful edit made exactly one version, and the stored title is the last winner's.
    expect(final.version).toBe(1 + winners.length);
    expect(winners.map((response) => response.body)).toContainEqual(final);
  });

  it('keeps an edit made while the publication event is still being cleared from the outbox', async () => {
    // The relay clears the published event from the course document while the edit writes it: a clear that
    // rewrote the document instead of pulling the event ids could undo the edit, which was acknowledged with 200.
    const drafts = await Promise.all(Array.from({ length: 8 }, () => createDraft()));
    await Promise.all(
      drafts.map(async (draft, index) => {
        await api().post(`/v1/courses/${draft.id}/publish`).set(staff).expect(200);
        const title = `Edited right after publication ${index}`;
        await api().patch(`/v1/courses/${draft.id}`).set(staff).send({ title }).expect(200);
        expect((await eventOf(draft.id, CourseEventTypes.updated, 3)).data).toMatchObject({ title });
        expect((await api().get(`/v1/courses/${draft.id}`).set(staff).expect(200)).body).toMatchObject({
          version: 3,
          title,
        });
      }),
    );
  });

  it('shows drafts to staff only', async () => {
    const draft = await createDraft();
    await api().get(`/v1/courses/${draft.id}`).set(staff).expect(200);
    const hidden = await api().get(`/v1/courses/${draft.id}`).set(practitioner).expect(404);
    expect(hidden.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it.each([
    ['an unknown field', { isFree: true }, 'unknown field(s): isFree'],
    ['a topic outside the vocabulary', { topics: ['astrology'] }, 'topics[0]'],
    ['an approval outside the vocabulary', { approvals: ['self-approved'] }, 'approvals[0]'],
    ['a credit type outside the vocabulary', { credits: [{ type: 'CME', amount: 1 }] }, 'credits[0].type'],
    [
      'an amount off the step of its type',
      { credits: [{ type: 'AMA_PRA_1', amount: 1.1 }] },
      'credits[0].amount',
    ],
    [
      'an amount a hair off the step (no floating tolerance)',
      { credits: [{ type: 'AMA_PRA_1', amount: 8.0000000001 }] },
      'credits[0].amount',
    ],
    ['a NUL in the title', { title: 'Opioids\u0000 basics' }, 'title'],
    ['a BEL in the summary', { summary: 'Ring \u0007 the bell' }, 'summary'],
    [
      'an ESC in the provider name',
      { provider: { name: 'Pain\u001b[31m Society', accreditor: 'ACCME' } },
      'provider.name',
    ],
    ['a line break in the title', { title: 'Opioids\nbasics' }, 'title'],
    ['a lone surrogate in the title', { title: 'Opioids \ud800 basics' }, 'title'],
    ['an amount above the maximum', { credits: [{ type: 'ANCC_CH', amount: 500 }] }, 'credits[0].amount'],
    ['self-claimed Category 2 credit', { credits: [{ type: 'AMA_PRA_2', amount: 1 }] }, 'credits[0].type'],
    ['a profession outside the vocabulary', { professions: ['dentist'] }, 'professions[0]'],
    ['a live course without its dates', { startsOn: undefined, endsOn: undefined }, 'startsOn'],
    ['an end before the start', { endsOn: '2026-11-30' }, 'endsOn'],
    [
      'an enduring course without availableUntil',
      { format: 'enduring', endsOn: undefined },
      'availableUntil',
    ],
    [
      'an ACPE course without a valid UAN',
      { provider: { name: 'Pharmacy CE', accreditor: 'ACPE', accreditationId: '12-34' } },
      'provider.accreditationId',
    ],
  ])('rejects %s with 400 problem+json naming the field, storing nothing', async (_, change, path) => {
    const courses = service.connection.collection('courses');
    const stored = await courses.countDocuments();
    const response = await api()
      .post('/v1/courses')
      .set(staff)
      .send({ ...course, ...change })
      .expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const named = response.body.errors.map((error: { path: string; message: string }) =>
      error.path === '' ? error.message : error.path,
    );
    expect(named).toContain(path);
    expect(await courses.countDocuments()).toBe(stored);
  });

  it('keeps line breaks in a summary, and stores text exactly as the 201 answered it', async () => {
    const draft = (
      await api()
        .post('/v1/courses')
        .set(staff)
        .send({ ...course, title: 'Schmerz – Ärzte 🩺', summary: 'First line.\nSecond line.' })
        .expect(201)
    ).body as { id: string; title: string; summary: string };
    expect(draft).toMatchObject({ title: 'Schmerz – Ärzte 🩺', summary: 'First line.\nSecond line.' });
    const stored = (await api().get(`/v1/courses/${draft.id}`).set(staff).expect(200)).body;
    expect(stored).toMatchObject({ title: draft.title, summary: draft.summary });
  });

  it('accepts a course with a valid ACPE UAN', async () => {
    await createDraft({
      ...course,
      provider: { name: 'Pharmacy CE', accreditor: 'ACPE', accreditationId: '0797-0000-26-095-L08-P' },
      credits: [{ type: 'ACPE_CPE', amount: 1.25 }],
    });
  });

  it('rejects malformed JSON and oversized bodies as problem+json', async () => {
    const malformed = await api()
      .post('/v1/courses')
      .set(staff)
      .set('content-type', 'application/json')
      .send('{"title": ')
      .expect(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    await api()
      .post('/v1/courses')
      .set(staff)
      .send({ ...course, summary: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
  });

  it('answers 401 without an identity, 403 to a practitioner changing courses, 404 for an unknown id', async () => {
    await api().post('/v1/courses').send(course).expect(401);
    await api().post('/v1/courses').set(practitioner).send(course).expect(403);
    const draft = await createDraft();
    await api().patch(`/v1/courses/${draft.id}`).set(practitioner).send({ title: 'Mine now' }).expect(403);
    await api().post(`/v1/courses/${draft.id}/publish`).set(practitioner).expect(403);
    await api().post(`/v1/courses/${draft.id}/retire`).set(practitioner).expect(403);
    const missing = '2b8f6d2e-3c1a-4f5e-9a7b-1c2d3e4f5a6b';
    await api().get(`/v1/courses/${missing}`).set(staff).expect(404);
    await api().patch(`/v1/courses/${missing}`).set(staff).send({ title: 'Nobody' }).expect(404);
    await api().post(`/v1/courses/${missing}/publish`).set(staff).expect(404);
  });

  it('serves the controlled vocabularies', async () => {
    const topics = (await api().get('/v1/topics').set(practitioner).expect(200)).body as { code: string }[];
    expect(topics.map((topic) => topic.code)).toEqual(
      expect.arrayContaining([
        'pain-management',
        'opioid-prescribing',
        'substance-use-disorder',
        'patient-safety',
        'ethics',
        'end-of-life-care',
        'medical-errors',
        'domestic-violence',
        'controlled-substances',
        'geriatrics',
        'pharmacology',
        'infection-control',
        'human-trafficking',
        'hiv-aids',
      ]),
    );
    const approvals = (await api().get('/v1/approvals').set(practitioner).expect(200)).body;
    expect(approvals).toContainEqual({
      code: 'fl-board-approved-controlled-substance',
      label: expect.stringContaining('Florida'),
    });
    const creditTypes = (await api().get('/v1/credit-types').set(practitioner).expect(200)).body;
    expect(creditTypes).toEqual(
      expect.arrayContaining([
        { code: 'AMA_PRA_1', label: expect.any(String), designatable: true, step: 0.25, maxPerCourse: 100 },
        // Self-claimed only, but still in quarter steps.
        { code: 'AMA_PRA_2', label: expect.any(String), designatable: false, step: 0.25 },
        expect.objectContaining({ code: 'ANCC_CH' }),
        expect.objectContaining({ code: 'ACPE_CPE' }),
        expect.objectContaining({ code: 'AOA_1A' }),
        expect.objectContaining({ code: 'ABA_PATIENT_SAFETY' }),
      ]),
    );
  });

  it('serves health, Prometheus metrics and OpenAPI docs', async () => {
    await api().get('/health/live').expect(200, { status: 'live' });
    const ready = await api().get('/health/ready').expect(200);
    expect(ready.body.checks).toMatchObject({ mongodb: { status: 'up' }, kafka: { status: 'up' } });
    const metrics = await api().get('/metrics').expect(200);
    expect(metrics.text).toContain('http_requests_total');
    const docs = await api().get('/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/courses',
        '/v1/courses/{id}',
        '/v1/courses/{id}/publish',
        '/v1/courses/{id}/retire',
        '/v1/course-imports',
        '/v1/topics',
        '/v1/credit-types',
      ]),
    );
    await api().get('/docs').expect(200);
  });
});
