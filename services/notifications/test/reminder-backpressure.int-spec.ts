import { type EventPublisher } from '@cme/messaging';
import {
  listMail,
  mailTo,
  startTestService,
  type TestService,
  uniqueSuffix,
  waitForMailTo,
} from '@cme/testing';
import { type Queue } from 'bullmq';

import { Clock } from '../src/clock';
import { notificationsService } from '../src/notifications.module';
import { EMAIL_QUEUE_TOKEN } from '../src/queues/email/email-queue.module';
import { ReminderSweep } from '../src/queues/reminder-sweep/reminder-sweep';
import {
  DEFAULT_REMINDERS_SCHEDULED,
  NINETY_DAY_REMINDER_DUE_UTC,
  deleteQueueKeys,
  PractitionerEvents,
  requirement,
  waitForReminders,
} from './reminder-fixtures';

describe('reminders when the email queue is full (real Kafka, MongoDB-wire server, Redis and SMTP)', () => {
  let prefix: string;
  let service: TestService;
  let publisher: EventPublisher;

  // A service (database, queues) per attempt: the test pauses the queue and moves the clock, and a retry
  // must not start from what a failed attempt left.
  beforeEach(async () => {
    prefix = `test-${uniqueSuffix()}`;
    service = await startTestService(notificationsService, {
      QUEUE_PREFIX: prefix,
      // Sweeps run by hand in this suite.
      REMINDER_SWEEP_EVERY_MS: String(24 * 3600 * 1000),
      EMAIL_QUEUE_MAX_PENDING: '2',
    });
    publisher = await PractitionerEvents.connect();
  });

  afterEach(async () => {
    await publisher?.disconnect();
    await service?.close();
    await deleteQueueKeys(service.config.REDIS_URL, prefix);
  });

  it('leaves due reminders in MongoDB while the queue is full, and sends each once when it drains', async () => {
    const practitioners = [0, 1, 2].map(() => new PractitionerEvents(publisher));
    for (const practitioner of practitioners) {
      await practitioner.profile('UTC');
      // Two requirements due the same day: one digest of two reminders per practitioner.
      await practitioner.compliance([
        requirement({ id: 'state-a', deadline: '2027-06-30' }),
        requirement({ id: 'state-b', deadline: '2027-06-30' }),
      ]);
    }
    for (const { id } of practitioners) {
      await waitForReminders(service.connection, id, DEFAULT_REMINDERS_SCHEDULED);
    }
    const emails = service.app.get<Queue>(EMAIL_QUEUE_TOKEN);
    const sweep = service.app.get(ReminderSweep);
    await emails.pause();
    service.app.get(Clock).travelTo(NINETY_DAY_REMINDER_DUE_UTC);

    expect(await sweep.sweep()).toEqual({ queued: 4, jobs: 2 });
    expect(await sweep.sweep()).toEqual({ queued: 0, jobs: 0 });
    const statuses = await Promise.all(
      practitioners.map(
        async ({ id }) =>
          (await service.connection.collection('reminders').findOne({ practitionerId: id, _id: /90d$/ }))
            ?.status,
      ),
    );
    expect([...statuses].sort()).toEqual(['queued', 'queued', 'scheduled']);

    await emails.resume();
    const waiting = practitioners.filter((_, index) => statuses[index] === 'scheduled');
    const sentFirst = practitioners.filter((_, index) => statuses[index] === 'queued');
    for (const { email } of sentFirst) await waitForMailTo(email, 1);
    for (const { id } of sentFirst) {
      await waitForReminders(service.connection, id, {
        '90d': 'sent',
        '30d': 'scheduled',
        '7d': 'scheduled',
      });
    }

    expect(await sweep.sweep()).toEqual({ queued: 2, jobs: 1 });
    await waitForMailTo(waiting[0].email, 1);
    await waitForReminders(service.connection, waiting[0].id, {
      '90d': 'sent',
      '30d': 'scheduled',
      '7d': 'scheduled',
    });
    const mail = await listMail();
    for (const { email } of practitioners) expect(mailTo(email, mail)).toHaveLength(1);
  });
});
