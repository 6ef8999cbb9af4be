import { type EventPublisher } from '@cme/messaging';
import {
  listMail,
  mailTo,
  startTestService,
  type TestService,
  ThrowawayInfra,
  uniqueSuffix,
  waitFor,
  waitForMailTo,
  type ViewedMail,
} from '@cme/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

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

describe('reminders when Redis loses everything (real Kafka, MongoDB-wire server, Redis and SMTP)', () => {
  const prefix = `test-${uniqueSuffix()}`;
  let service: TestService;
  let publisher: EventPublisher;
  let redis: Redis;

  beforeAll(async () => {
    // Queued 20 s ahead of their time, so a digest sits in Redis as a delayed job when Redis is emptied.
    service = await startTestService(notificationsService, {
      QUEUE_PREFIX: prefix,
      REMINDER_SWEEP_EVERY_MS: '300',
      REMINDER_SWEEP_AHEAD_MS: '20000',
    });
    publisher = await PractitionerEvents.connect();
    redis = new Redis(service.config.REDIS_URL);
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
    await redis?.quit();
    await deleteQueueKeys(service.config.REDIS_URL, prefix);
  });

  it('sends a queued reminder once after its job, and the sweep scheduler, were deleted', async () => {
    const practitioner = new PractitionerEvents(publisher);
    await practitioner.profile('UTC');
    await practitioner.compliance([requirement({ deadline: '2027-06-30' })]);
    await waitForReminders(service.connection, practitioner.id, DEFAULT_REMINDERS_SCHEDULED);

    service.app.get(Clock).travelTo(new Date(NINETY_DAY_REMINDER_DUE_UTC.getTime() - 10_000));
    await waitForReminders(service.connection, practitioner.id, {
      '90d': 'queued',
      '30d': 'scheduled',
      '7d': 'scheduled',
    });
    expect(await deleteQueueKeys(service.config.REDIS_URL, prefix)).toBeGreaterThan(0);

    await waitForMailTo(practitioner.email, 1, 40_000);
    await waitForReminders(service.connection, practitioner.id, {
      '90d': 'sent',
      '30d': 'scheduled',
      '7d': 'scheduled',
    });
    const queue = new Queue(EMAIL_QUEUE, { connection: redis, prefix });
    await waitFor(
      async () =>
        (await queue.getJobCounts('delayed', 'waiting', 'active')).delayed === 0 ? true : undefined,
      {
        what: 'no email job left',
      },
    );
    await queue.close();
    expect(mailTo(practitioner.email, await listMail())).toHaveLength(1);
  });
});

describe('reminders through an SMTP outage (throwaway SMTP server)', () => {
  const prefix = `test-${uniqueSuffix()}`;
  let infra: ThrowawayInfra;
  let service: TestService;
  let publisher: EventPublisher;

  const mailOf = async (address: string): Promise<ViewedMail[]> => {
    const response = await fetch(`${infra.endpoints.MAIL_VIEWER_URL}/email`);
    return mailTo(address, (await response.json()) as ViewedMail[]);
  };

  beforeAll(async () => {
    infra = await ThrowawayInfra.start(['maildev']);
    service = await startTestService(notificationsService, {
      QUEUE_PREFIX: prefix,
      REMINDER_SWEEP_EVERY_MS: '300',
      SMTP_URL: infra.endpoints.SMTP_URL,
    });
    publisher = await PractitionerEvents.connect();
  }, 180_000);

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
    await deleteQueueKeys(service.config.REDIS_URL, prefix);
    await infra?.destroy();
  }, 60_000);

  it('retries while the server is down and sends each reminder once when it is back', async () => {
    const practitioners = [new PractitionerEvents(publisher), new PractitionerEvents(publisher)];
    for (const practitioner of practitioners) {
      await practitioner.profile('UTC');
      await practitioner.compliance([requirement({ deadline: '2027-06-30' })]);
      await waitForReminders(service.connection, practitioner.id, DEFAULT_REMINDERS_SCHEDULED);
    }
    await infra.down('maildev');
    service.app.get(Clock).travelTo(NINETY_DAY_REMINDER_DUE_UTC);
    // Both digests tried, refused by the absent server, and waiting for their retry.
    const redis = new Redis(service.config.REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(EMAIL_QUEUE, { connection: redis, prefix });
    await waitFor(
      async () => {
        const retrying = (await queue.getJobs(['delayed'])).filter((job) => job.attemptsMade >= 1);
        return retrying.length === 2 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'two digests retrying' },
    );
    await queue.close();
    await redis.quit();
    await infra.up('maildev');

    for (const practitioner of practitioners) {
      await waitFor(async () => ((await mailOf(practitioner.email)).length > 0 ? true : undefined), {
        timeoutMs: 90_000,
        what: `the reminder to ${practitioner.email}`,
      });
      await waitForReminders(service.connection, practitioner.id, {
        '90d': 'sent',
        '30d': 'scheduled',
        '7d': 'scheduled',
      });
    }
    for (const practitioner of practitioners) expect(await mailOf(practitioner.email)).toHaveLength(1);
  }, 180_000);
});
