import { randomUUID } from 'node:crypto';

import { CourseEventTypes, createEvent, LedgerEventTypes, Topics, type CourseSnapshot } from '@cme/contracts';
import { createKafka, EventPublisher } from '@cme/messaging';
import {
  asPractitioner,
  EventTap,
  startTestService,
  type TestService,
  waitFor,
  waitForQuiescence,
} from '@cme/testing';
import request from 'supertest';

import { creditsService } from '../src/credits.module';

function courseSnapshot(overrides: Partial<CourseSnapshot> = {}): CourseSnapshot {
  return {
    id: randomUUID(),
    version: 1,
    status: 'published',
    title: 'Buprenorphine in chronic pain',
    provider: { name: 'Pain Society', accreditor: 'ACCME' },
    format: 'internet-enduring',
    topics: ['opioid-prescribing', 'substance-use-disorder'],
    credits: [{ type: 'AMA_PRA_1', amount: 8 }],
    professions: ['physician'],
    publishedAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('credits ledger (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let publisher: EventPublisher;
  let ledgerTap: EventTap;

  const publishCourse = (course: CourseSnapshot, type: string = CourseEventTypes.published) =>
    publisher.publish([
      createEvent({
        id: randomUUID(),
        type: type as typeof CourseEventTypes.published,
        source: 'catalog',
        subject: course.id,
        time: new Date(),
        data: course,
      }),
    ]);

  /** Waits until the service's read model accepts claims for the course. */
  const claimWhenKnown = (practitionerId: string, body: object) =>
    waitFor(
      async () => {
        const response = await request(service.url)
          .post('/v1/practitioners/me/credits')
          .set(asPractitioner(practitionerId, `${practitionerId}@example.org`))
          .send(body);
        return response.status === 422 && /not in the catalog/.test(response.body.detail)
          ? undefined
          : response;
      },
      { what: 'the course to reach the credits read model' },
    );

  beforeAll(async () => {
    // The service provisions its topics at start-up; the tap can only subscribe to a topic that exists.
    service = await startTestService(creditsService);
    ledgerTap = await EventTap.open(Topics.ledger);
    publisher = new EventPublisher(
      createKafka({ clientId: 'credits-test', brokers: ['127.0.0.1:9092'], topicPartitions: 6 }),
    );
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
    await ledgerTap?.close();
  });

  it('records a claim for a course it learned from the catalog topic and publishes credit-recorded', async () => {
    const course = courseSnapshot();
    await publishCourse(course);
    const practitionerId = `p-${randomUUID()}`;
    const response = await claimWhenKnown(practitionerId, {
      courseId: course.id,
      completedOn: '2026-10-15',
      claimed: [{ type: 'AMA_PRA_1', amount: 6.5 }],
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      practitionerId,
      completedOn: '2026-10-15',
      claimed: [{ type: 'AMA_PRA_1', amount: 6.5 }],
      activity: { courseId: course.id, title: course.title },
      voided: false,
    });

    const event = await ledgerTap.waitFor((e) => e.subject === practitionerId);
    expect(event).toMatchObject({
      type: LedgerEventTypes.creditRecorded,
      source: 'credits',
      data: {
        creditId: response.body.id,
        recipient: { email: `${practitionerId}@example.org` },
        activity: { title: course.title },
      },
    });
  });

  it('refuses claims above the designated amount or of a type the course does not designate (422)', async () => {
    const course = courseSnapshot();
    await publishCourse(course);
    const response = await claimWhenKnown('p-over', {
      courseId: course.id,
      completedOn: '2026-10-15',
      claimed: [
        { type: 'AMA_PRA_1', amount: 9 },
        { type: 'ANCC_CH', amount: 1 },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'claimed[0].amount', message: 'at most 8 AMA_PRA_1 can be claimed' },
      { path: 'claimed[1].type', message: 'the course designates no ANCC_CH credit' },
    ]);
  });

  it('ignores an out-of-date course event (version-conditional read model)', async () => {
    const course = courseSnapshot({ version: 2, title: 'Version two' });
    await publishCourse(course, CourseEventTypes.updated);
    await claimWhenKnown('p-version', {
      courseId: course.id,
      completedOn: '2026-10-15',
      claimed: [{ type: 'AMA_PRA_1', amount: 1 }],
    });
    await publishCourse(
      { ...course, version: 1, title: 'Version one', status: 'retired' },
      CourseEventTypes.retired,
    );
    // Handled once the service's group has committed it; the claim below shows it changed nothing.
    await waitForQuiescence({
      kafka: { brokers: service.config.KAFKA_BROKERS, groups: [service.consumerGroup] },
    });
    const response = await request(service.url)
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner('p-version'))
      .send({ courseId: course.id, completedOn: '2026-10-16', claimed: [{ type: 'AMA_PRA_1', amount: 1 }] })
      .expect(201);
    expect(response.body.activity).toMatchObject({ title: 'Version two', courseVersion: 2 });
  });

  it('honors Idempotency-Key: a retried POST answers the first entry and records nothing new', async () => {
    const course = courseSnapshot();
    await publishCourse(course);
    const body = {
      courseId: course.id,
      completedOn: '2026-10-15',
      claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
    };
    await claimWhenKnown('p-warmup', body);
    const practitionerId = `p-idem-${randomUUID()}`;
    const key = `key-${randomUUID()}`;
    const first = await request(service.url)
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner(practitionerId))
      .set('idempotency-key', key)
      .send(body)
      .expect(201);
    const retry = await request(service.url)
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner(practitionerId))
      .set('idempotency-key', key)
      .send(body)
      .expect(200);
    expect(retry.body).toEqual(first.body);

    // One entry, and one credit-recorded event once the outbox is empty and the tap at the topic's end.
    await waitForQuiescence({
      kafka: { brokers: service.config.KAFKA_BROKERS, groups: [ledgerTap.consumerGroup] },
      outboxes: [{ connection: service.connection, collections: ['credit_entries'] }],
    });
    expect(await service.connection.collection('credit_entries').countDocuments({ practitionerId })).toBe(1);
    expect(ledgerTap.events.filter((event) => event.subject === practitionerId)).toHaveLength(1);
  });

  it('validates the claim body and the caller', async () => {
    await request(service.url)
      .post('/v1/practitioners/me/credits')
      .send({ courseId: 'x', completedOn: '2026-10-15', claimed: [{ type: 'AMA_PRA_1', amount: 1 }] })
      .expect(401);
    const invalid = await request(service.url)
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner('p-invalid'))
      .send({ courseId: 'x', completedOn: '15/10/2026', claimed: [{ type: 'AMA_PRA_1', amount: 0.3 }] })
      .expect(400);
    expect(invalid.body.errors.map((error: { path: string }) => error.path)).toEqual([
      'completedOn',
      'claimed[0].amount',
    ]);
  });
});
