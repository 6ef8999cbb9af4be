import { type AddressInfo } from 'node:net';

import { type EventPublisher } from '@cme/messaging';
import {
  asPractitioner,
  asStaff,
  startTestService,
  type TestService,
  uniqueSuffix,
  waitFor,
} from '@cme/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';

import { Clock } from '../src/clock';
import { notificationsService } from '../src/notifications.module';
import { EMAIL_QUEUE } from '../src/queues/email/email-jobs';
import {
  DEFAULT_REMINDERS_SCHEDULED,
  NINETY_DAY_REMINDER_DUE_UTC,
  deleteQueueKeys,
  PractitionerEvents,
  requirement,
  waitForReminders,
} from './reminder-fixtures';

/**
 * A real SMTP server on a free port that refuses the recipients it is told to with `550` (a permanent
 * failure) and accepts everyone else; it records every RCPT TO it was sent and every message it took.
 */
class RefusingSmtpServer {
  readonly refused = new Set<string>();
  readonly recipientsTried: string[] = [];
  readonly accepted: string[] = [];
  private readonly server = new SMTPServer({
    // Plain SMTP on 127.0.0.1, as the local mail server: no STARTTLS offered, no login asked.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: ({ address }, _session, callback) => {
      this.recipientsTried.push(address);
      if (!this.refused.has(address)) return callback();
      callback(Object.assign(new Error(`5.1.1 <${address}>: mailbox unavailable`), { responseCode: 550 }));
    },
    onData: (stream, session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        this.accepted.push(...session.envelope.rcptTo.map(({ address }) => address));
        callback();
      });
    },
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('a reminder the SMTP server refuses for good (real Kafka, MongoDB-wire server, Redis and SMTP)', () => {
  const prefix = `test-${uniqueSuffix()}`;
  const smtp = new RefusingSmtpServer();
  let service: TestService;
  let publisher: EventPublisher;
  let redis: Redis;

  beforeAll(async () => {
    service = await startTestService(notificationsService, {
      QUEUE_PREFIX: prefix,
      REMINDER_SWEEP_EVERY_MS: '300',
      SMTP_URL: await smtp.listen(),
    });
    publisher = await PractitionerEvents.connect();
    redis = new Redis(service.config.REDIS_URL);
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
    await redis?.quit();
    await deleteQueueKeys(service.config.REDIS_URL, prefix);
    await smtp.close();
  });

  it('records a 5xx reply as failed, tries once, and shows it failed in deliveries and to staff', async () => {
    const refused = new PractitionerEvents(publisher);
    const accepted = new PractitionerEvents(publisher);
    smtp.refused.add(refused.email);
    for (const practitioner of [refused, accepted]) {
      await practitioner.profile('UTC');
      await practitioner.compliance([requirement({ deadline: '2027-06-30' })]);
      await waitForReminders(service.connection, practitioner.id, DEFAULT_REMINDERS_SCHEDULED);
    }

    service.app.get(Clock).travelTo(NINETY_DAY_REMINDER_DUE_UTC);
    await waitForReminders(service.connection, refused.id, {
      '90d': 'failed',
      '30d': 'scheduled',
      '7d': 'scheduled',
    });
    await waitForReminders(service.connection, accepted.id, {
      '90d': 'sent',
      '30d': 'scheduled',
      '7d': 'scheduled',
    });

    // Not retried: its job failed at the first attempt and nothing of it waits for another.
    const queue = new Queue(EMAIL_QUEUE, { connection: redis, prefix });
    const failedJobs = await waitFor(
      async () => {
        const counts = await queue.getJobCounts('delayed', 'waiting', 'active', 'failed');
        return counts.delayed + counts.waiting + counts.active === 0 && counts.failed === 1
          ? await queue.getJobs(['failed'])
          : undefined;
      },
      { what: 'the refused digest failed, no email job left' },
    );
    await queue.close();
    expect(failedJobs.map((job) => ({ attemptsMade: job.attemptsMade, reason: job.failedReason }))).toEqual([
      { attemptsMade: 1, reason: expect.stringContaining('550') },
    ]);
    expect(smtp.recipientsTried.filter((address) => address === refused.email)).toHaveLength(1);
    expect(smtp.accepted).toEqual([accepted.email]);

    const deliveries = await request(service.url)
      .get('/v1/notifications/me/deliveries')
      .set(asPractitioner(refused.id))
      .expect(200);
    expect(deliveries.body).toEqual({
      items: [
        expect.objectContaining({
          kind: 'reminder-digest',
          status: 'failed',
          subject: expect.stringContaining('CME deadline 2027-06-30'),
          sentAt: null,
        }),
      ],
      nextCursor: null,
    });

    const staffView = await request(service.url)
      .get(`/v1/reminders?practitionerId=${refused.id}&status=failed`)
      .set(asStaff())
      .expect(200);
    expect(staffView.body.items).toEqual([
      expect.objectContaining({ id: `${refused.id}/tx-license/2027-06-30/90d`, status: 'failed' }),
    ]);
  });
});
