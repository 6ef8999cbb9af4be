import { type EventPublisher } from '@cme/messaging';
import {
  asPractitioner,
  asStaff,
  listMail,
  mailTo,
  startTestService,
  type TestService,
  uniqueSuffix,
  waitFor,
  waitForMailTo,
  waitForQuiescence,
} from '@cme/testing';
import request from 'supertest';

import { Clock } from '../src/clock';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../src/notifications-config';
import { notificationsService } from '../src/notifications.module';
import { EMAIL_QUEUE } from '../src/queues/email/email-jobs';
import {
  DEFAULT_REMINDERS_SCHEDULED,
  deleteQueueKeys,
  PractitionerEvents,
  requirement,
  remindersOf,
  waitForReminders,
} from './reminder-fixtures';

/** Each suite's queues under a prefix of their own: nothing shared with other suites' Redis keys. */
function reminderEnv(): Record<string, string> {
  return { QUEUE_PREFIX: `test-${uniqueSuffix()}`, REMINDER_SWEEP_EVERY_MS: '300' };
}

function prefixOf(service: TestService): string {
  return service.app.get<NotificationsConfig>(NOTIFICATIONS_CONFIG).QUEUE_PREFIX;
}

async function settle(service: TestService): Promise<void> {
  await waitForQuiescence({
    kafka: { brokers: service.config.KAFKA_BROKERS, groups: [service.consumerGroup] },
    queues: {
      redisUrl: service.config.REDIS_URL,
      names: [EMAIL_QUEUE],
      prefix: prefixOf(service),
    },
  });
}

describe('deadline reminders (real Kafka, MongoDB-wire server, Redis and SMTP)', () => {
  let service: TestService;
  let publisher: EventPublisher;
  let clock: Clock;

  beforeAll(async () => {
    service = await startTestService(notificationsService, reminderEnv());
    clock = service.app.get(Clock);
    publisher = await PractitionerEvents.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await service?.close();
    await deleteQueueKeys(service.config.REDIS_URL, prefixOf(service));
  });

  it('schedules reminders from a compliance event, sends one at its time, cancels the rest once met', async () => {
    const practitioner = new PractitionerEvents(publisher);
    await practitioner.profile('America/Chicago');
    await practitioner.compliance([requirement({ deadline: '2027-06-30' })]);

    const scheduled = await waitForReminders(
      service.connection,
      practitioner.id,
      DEFAULT_REMINDERS_SCHEDULED,
    );
    // 09:00 in Chicago (CDT) on the days 90, 30 and 7 days before the deadline.
    expect(scheduled.map(({ dueAt }) => dueAt.toISOString())).toEqual([
      '2027-04-01T14:00:00.000Z',
      '2027-05-31T14:00:00.000Z',
      '2027-06-23T14:00:00.000Z',
    ]);

    clock.travelTo(new Date('2027-04-01T14:00:00Z'));
    const [mail] = await waitForMailTo(practitioner.email);
    expect(mail.subject).toBe('CME deadline 2027-06-30: 28 hours to go for Texas medical license');
    expect(mail.text).toContain('Dear Dr. Avery Rivera,');
    expect(mail.text).toContain('* Texas medical license: due 2027-06-30, 28 hours to go');
    expect(mail.text).toContain('- Medical ethics: 2 of 2 hours still needed');
    expect(mail.text).toContain('- Ethics in pain care (2 hours): https://courses.example.org/c-ethics');
    expect(mail.text).toContain(
      '- Safe opioid prescribing (8 hours): http://127.0.0.1:3003/courses/c-opioids',
    );
    expect(mail.html).toContain('<a href="https://courses.example.org/c-ethics">Ethics in pain care</a>');
    expect(mail.headers['list-unsubscribe']).toMatch(
      /^<http:\/\/127\.0\.0\.1:3003\/v1\/unsubscribe\?token=[\w-]+\.[\w-]+>, <mailto:unsubscribe@cme-tracker\.local\?subject=/,
    );
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    await waitForReminders(service.connection, practitioner.id, {
      '90d': 'sent',
      '30d': 'scheduled',
      '7d': 'scheduled',
    });

    await practitioner.compliance([requirement({ deadline: '2027-06-30', status: 'met', remaining: 0 })]);
    await waitForReminders(service.connection, practitioner.id, {
      '90d': 'sent',
      '30d': 'cancelled',
      '7d': 'cancelled',
    });
    await settle(service);
    expect(mailTo(practitioner.email, await listMail())).toHaveLength(1);

    const deliveries = await request(service.url)
      .get('/v1/notifications/me/deliveries')
      .set(asPractitioner(practitioner.id))
      .expect(200);
    expect(deliveries.body).toEqual({
      items: [expect.objectContaining({ kind: 'reminder-digest', status: 'sent', subject: mail.subject })],
      nextCursor: null,
    });
  });

  it('sends reminders of two requirements due the same day as one digest, and alerts at once when at risk', async () => {
    const practitioner = new PractitionerEvents(publisher);
    await practitioner.profile('UTC');
    const deadline = '2028-03-31';
    await practitioner.compliance([
      requirement({ deadline }),
      requirement({ id: 'dea-opioids', name: 'DEA opioid training', deadline, remaining: 8, components: [] }),
    ]);
    await waitForReminders(service.connection, practitioner.id, DEFAULT_REMINDERS_SCHEDULED);
    clock.travelTo(new Date('2028-01-01T09:00:00Z'));
    const [digest] = await waitForMailTo(practitioner.email);
    expect(digest.text).toContain('2 of your continuing-education requirements still have gaps');
    expect(digest.text).toContain('* DEA opioid training: due 2028-03-31, 8 hours to go');
    expect(digest.text).toContain('* Texas medical license: due 2028-03-31, 28 hours to go');

    await practitioner.compliance([
      requirement({ deadline, status: 'at-risk' }),
      requirement({ id: 'dea-opioids', name: 'DEA opioid training', deadline, remaining: 8, components: [] }),
    ]);
    const [, alert] = await waitForMailTo(practitioner.email, 2);
    expect(alert.subject).toContain('CME deadline 2028-03-31');
    await settle(service);
    expect(mailTo(practitioner.email, await listMail())).toHaveLength(2);

    const staffView = await request(service.url)
      .get(`/v1/reminders?practitionerId=${practitioner.id}&status=sent&limit=10`)
      .set(asStaff())
      .expect(200);
    expect(staffView.body.items.map(({ id }: { id: string }) => id.split('/').slice(1).join('/'))).toEqual([
      'dea-opioids/2028-03-31/90d',
      'tx-license/2028-03-31/90d',
      'tx-license/2028-03-31/at-risk',
    ]);
  });

  it('reschedules at once when the practitioner changes their preferences', async () => {
    const practitioner = new PractitionerEvents(publisher);
    await practitioner.profile('America/Chicago');
    await practitioner.compliance([requirement({ deadline: '2029-06-30' })]);
    await waitForReminders(service.connection, practitioner.id, DEFAULT_REMINDERS_SCHEDULED);

    const preferences = await request(service.url)
      .put('/v1/notifications/me/preferences')
      .set(asPractitioner(practitioner.id))
      .send({
        remindersEnabled: true,
        offsetsDays: [14],
        digest: true,
        courseAlerts: false,
        timezone: 'Europe/Paris',
      })
      .expect(200);
    expect(preferences.body).toEqual({
      remindersEnabled: true,
      offsetsDays: [14],
      digest: true,
      courseAlerts: false,
      timezone: 'Europe/Paris',
    });
    const reminders = await waitForReminders(service.connection, practitioner.id, {
      '90d': 'cancelled',
      '30d': 'cancelled',
      '14d': 'scheduled',
      '7d': 'cancelled',
    });
    expect(reminders.find(({ _id }) => _id.endsWith('/14d'))?.dueAt.toISOString()).toBe(
      '2029-06-16T07:00:00.000Z',
    );

    await request(service.url)
      .put('/v1/notifications/me/preferences')
      .set(asPractitioner(practitioner.id))
      .send({ offsetsDays: [0, 400], timezone: 'Mars/Olympus' })
      .expect(400);
  });

  it('switches reminders off by one-click POST on the link in the email, without a login', async () => {
    const practitioner = new PractitionerEvents(publisher);
    await practitioner.profile('UTC');
    await practitioner.compliance([requirement({ deadline: '2030-06-30', status: 'unattainable' })]);
    const [alert] = await waitForMailTo(practitioner.email);
    await waitForReminders(service.connection, practitioner.id, {
      '90d': 'scheduled',
      '30d': 'scheduled',
      '7d': 'scheduled',
      'at-risk': 'sent',
    });
    const token = /token=([\w.-]+)>/.exec(alert.headers['list-unsubscribe'])?.[1];

    const shown = await request(service.url).get(`/v1/unsubscribe?token=${token}`).expect(200);
    expect(shown.body.switchesOff).toBe('deadline reminder emails');
    await request(service.url)
      .post(`/v1/unsubscribe?token=${token}`)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200, { remindersEnabled: false });
    await waitForReminders(service.connection, practitioner.id, {
      '90d': 'cancelled',
      '30d': 'cancelled',
      '7d': 'cancelled',
      'at-risk': 'sent',
    });
    const preferences = await request(service.url)
      .get('/v1/notifications/me/preferences')
      .set(asPractitioner(practitioner.id))
      .expect(200);
    expect(preferences.body.remindersEnabled).toBe(false);

    await request(service.url).post(`/v1/unsubscribe?token=${token}x`).expect(404);
  });
});

describe('two notifications instances', () => {
  let instances: TestService[];
  let publisher: EventPublisher;

  beforeAll(async () => {
    const first = await startTestService(notificationsService, reminderEnv());
    const shared = {
      MONGO_DB: first.config.MONGO_DB,
      KAFKA_GROUP_ID: first.config.KAFKA_GROUP_ID,
      QUEUE_PREFIX: prefixOf(first),
      REMINDER_SWEEP_EVERY_MS: '300',
    };
    instances = [first, await startTestService(notificationsService, shared)];
    publisher = await PractitionerEvents.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await instances[1]?.app.close();
    await instances[0]?.close();
    await deleteQueueKeys(instances[0].config.REDIS_URL, prefixOf(instances[0]));
  });

  it('send each reminder once', async () => {
    const practitioners = [new PractitionerEvents(publisher), new PractitionerEvents(publisher)];
    for (const practitioner of practitioners) {
      await practitioner.profile('UTC');
      await practitioner.compliance([
        requirement({ deadline: '2027-09-30' }),
        requirement({ id: 'board', name: 'Board MOC', deadline: '2027-12-31' }),
      ]);
      await waitFor(
        async () =>
          (await remindersOf(instances[0].connection, practitioner.id)).length === 6 ? true : undefined,
        { what: `six reminders of ${practitioner.id}` },
      );
    }
    for (const instance of instances) instance.app.get(Clock).travelTo(new Date('2028-01-01T00:00:00Z'));
    // Both requirements' three deadline reminders, on six different days: six emails each.
    for (const practitioner of practitioners) await waitForMailTo(practitioner.email, 6);
    for (const instance of instances) await settle(instance);
    const mails = await listMail();
    for (const practitioner of practitioners) expect(mailTo(practitioner.email, mails)).toHaveLength(6);
  });
});
