import { randomUUID } from 'node:crypto';

import { type CourseSnapshot, CourseEventTypes, createEvent } from '@cme/contracts';
import { type EventPublisher } from '@cme/messaging';
import {
  asPractitioner,
  listMail,
  mailTo,
  startTestService,
  type TestService,
  uniqueSuffix,
  waitForMailTo,
  waitForQuiescence,
} from '@cme/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';

import { type CourseAlertDocument } from '../src/course-alerts/course-alert.schema';
import { notificationsService } from '../src/notifications.module';
import { COURSE_ALERT_SCAN_QUEUE } from '../src/queues/course-alerts/course-alert-scan';
import { EMAIL_QUEUE } from '../src/queues/email/email-jobs';
import { deleteQueueKeys, PractitionerEvents } from './reminder-fixtures';
import { OPIOID_GAP } from '../src/course-alerts/testing/opioid-gap';

function courseEvent(overrides: Partial<CourseSnapshot> & { id: string }, version = 1) {
  const now = new Date().toISOString();
  return createEvent({
    id: randomUUID(),
    type: version === 1 ? CourseEventTypes.published : CourseEventTypes.updated,
    source: 'catalog',
    subject: overrides.id,
    time: new Date(),
    data: {
      version,
      status: 'published',
      title: 'Safer opioid prescribing in chronic pain',
      provider: { name: 'Pain Society', accreditor: 'ACCME' },
      format: 'internet-enduring',
      topics: ['opioid-prescribing', 'pain-management'],
      credits: [{ type: 'AMA_PRA_1', amount: 3 }],
      professions: ['physician'],
      availableUntil: '2028-12-31',
      publishedAt: now,
      updatedAt: now,
      ...overrides,
    },
  });
}

describe('course alerts (real Kafka, MongoDB-wire server, Redis and SMTP)', () => {
  const prefix = `test-${uniqueSuffix()}`;
  let service: TestService;
  let publisher: EventPublisher;
  let redis: Redis;

  const settle = () =>
    waitForQuiescence({
      kafka: { brokers: service.config.KAFKA_BROKERS, groups: [service.consumerGroup] },
      queues: { redisUrl: service.config.REDIS_URL, names: [COURSE_ALERT_SCAN_QUEUE, EMAIL_QUEUE], prefix },
    });

  const setPreferences = (practitioner: PractitionerEvents, preferences: object) =>
    request(service.url)
      .put('/v1/notifications/me/preferences')
      .set(asPractitioner(practitioner.id))
      .send(preferences)
      .expect(200);

  beforeAll(async () => {
    // Two practitioners per scan job: the five below take three jobs, each adding the next.
    service = await startTestService(notificationsService, { QUEUE_PREFIX: prefix, COURSE_ALERT_BATCH: '2' });
    publisher = await PractitionerEvents.connect();
    redis = new Redis(service.config.REDIS_URL);
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
    await redis?.quit();
    await deleteQueueKeys(service.config.REDIS_URL, prefix);
  });

  it('emails each practitioner whose open gap a newly published course closes, once, as they chose', async () => {
    const [alerted, alsoAlerted, alertsOff, remindersOff, nurse] = Array.from(
      { length: 5 },
      () => new PractitionerEvents(publisher),
    );
    for (const practitioner of [alerted, alsoAlerted, alertsOff, remindersOff]) {
      await practitioner.profile('UTC', 'physician');
      await practitioner.compliance([OPIOID_GAP]);
    }
    await nurse.profile('UTC', 'nurse-practitioner');
    await nurse.compliance([OPIOID_GAP]);
    await settle();
    await setPreferences(alertsOff, { courseAlerts: false });
    await setPreferences(remindersOff, { remindersEnabled: false });

    const courseId = `course-${randomUUID()}`;
    await publisher.publish([
      courseEvent({ id: courseId }),
      // Designates nursing contact hours only: the Texas rule counts none of them.
      courseEvent({ id: `course-${randomUUID()}`, credits: [{ type: 'ANCC_CH', amount: 3 }] }),
    ]);

    const [mail] = await waitForMailTo(alerted.email);
    expect(mail.subject).toBe(
      'New course for your Texas pain management and opioid prescribing (due 2027-06-30): Safer opioid prescribing in chronic pain',
    );
    expect(mail.text).toContain('Dear Dr. Avery Rivera,');
    expect(mail.text).toContain('Credit: 3 AMA_PRA_1');
    expect(mail.text).toContain('    - Pain management and opioid prescribing (formal): up to 2 hours');
    expect(mail.text).toContain(`http://127.0.0.1:3003/courses/${courseId}`);
    expect(mail.html).toContain('<h3>Texas pain management and opioid prescribing</h3>');
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:3003\/v1\/unsubscribe\?token=/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    await waitForMailTo(alsoAlerted.email);

    // The course again (a new version, a redelivery): nobody hears of it twice.
    await publisher.publish([courseEvent({ id: courseId, title: 'Safer opioid prescribing, 2nd ed.' }, 2)]);
    await settle();
    const mails = await listMail();
    expect(
      [alerted, alsoAlerted, alertsOff, remindersOff, nurse].map(({ email }) => mailTo(email, mails).length),
    ).toEqual([1, 1, 0, 0, 0]);

    // Each course scanned in bounded batches: 4 physicians, 2 a job, 3 jobs (the last finds no one); the
    // new version of the first course added no scan of its own.
    const scans = new Queue(COURSE_ALERT_SCAN_QUEUE, { connection: redis, prefix });
    expect(await scans.getJobCounts('completed', 'failed')).toEqual({ completed: 6, failed: 0 });
    await scans.close();

    const logged = await service.connection
      .collection<CourseAlertDocument>('deliveries')
      .find({ kind: 'course-alert' })
      .toArray();
    expect(
      logged
        .map(({ practitionerId, courseId: about, status }) => ({ practitionerId, about, status }))
        .sort((a, b) => a.practitionerId.localeCompare(b.practitionerId)),
    ).toEqual(
      [alerted, alsoAlerted]
        .map(({ id }) => ({ practitionerId: id, about: courseId, status: 'sent' }))
        .sort((a, b) => a.practitionerId.localeCompare(b.practitionerId)),
    );
    const deliveries = await request(service.url)
      .get('/v1/notifications/me/deliveries')
      .set(asPractitioner(alerted.id))
      .expect(200);
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({ kind: 'course-alert', status: 'sent', subject: mail.subject }),
    ]);
  });
});
