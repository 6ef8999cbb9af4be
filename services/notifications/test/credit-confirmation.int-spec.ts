import { randomUUID } from 'node:crypto';

import { createEvent, LedgerEventTypes } from '@cme/contracts';
import { type EventPublisher } from '@cme/messaging';
import {
  listMail,
  mailTo,
  startTestService,
  type TestService,
  testEventPublisher,
  waitForMailTo,
  waitForQuiescence,
} from '@cme/testing';
import request from 'supertest';

import { notificationsService } from '../src/notifications.module';
import { EMAIL_QUEUE } from '../src/queues/email/email-jobs';

describe('credit confirmation email (real Kafka, MongoDB-wire server, Redis and SMTP)', () => {
  let service: TestService;
  let publisher: EventPublisher;

  beforeAll(async () => {
    service = await startTestService(notificationsService);
    publisher = testEventPublisher('notifications-test');
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
  });

  it('emails the practitioner once, naming the course, even when the event is delivered twice', async () => {
    const email = `practitioner-${randomUUID()}@example.org`;
    const event = createEvent({
      id: randomUUID(),
      type: LedgerEventTypes.creditRecorded,
      source: 'credits',
      subject: 'p-mail',
      time: new Date(),
      data: {
        creditId: randomUUID(),
        practitionerId: 'p-mail',
        completedOn: '2026-10-15',
        claimed: [{ type: 'AMA_PRA_1', amount: 8 }],
        activity: { title: 'Opioids & <safe> prescribing', topics: ['opioid-prescribing'] },
        recipient: { email, name: 'Dr. Rivera' },
        recordedAt: new Date().toISOString(),
      },
    });
    await publisher.publish([event]);
    await publisher.publish([event]);

    const [mail] = await waitForMailTo(email);
    expect(mail.subject).toBe('Credit recorded: Opioids & <safe> prescribing');
    expect(mail.text).toContain('Dear Dr. Rivera,');
    expect(mail.text).toContain('8 AMA PRA 1');
    expect(mail.html).toContain('Opioids &#38; &#60;safe&#62; prescribing');

    // Both copies handled and every email job done: a second email would have been sent by now.
    await waitForQuiescence({
      kafka: { brokers: service.config.KAFKA_BROKERS, groups: [service.consumerGroup] },
      queues: { redisUrl: service.config.REDIS_URL, names: [EMAIL_QUEUE] },
    });
    expect(mailTo(email, await listMail())).toHaveLength(1);
  });

  it('reports SMTP and Redis among its ready dependencies', async () => {
    const ready = await request(service.url).get('/health/ready').expect(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['kafka', 'mongodb', 'redis', 'smtp']);
  });
});
