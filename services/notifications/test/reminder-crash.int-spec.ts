import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT, ServiceProcess } from '@cme/local-runtime';
import { type EventPublisher } from '@cme/messaging';
import {
  freePort,
  listMail,
  mailTo,
  TEST_TOPIC_PREFIX,
  uniqueSuffix,
  waitFor,
  waitForQuiescence,
} from '@cme/testing';
import mongoose from 'mongoose';

import { EMAIL_QUEUE } from '../src/queues/email/email-jobs';
import { deleteQueueKeys, PractitionerEvents, requirement } from './reminder-fixtures';

const run = promisify(execFile);
const PRACTITIONERS = 60;

describe('notifications killed with SIGKILL while sending reminders (built service, real infrastructure)', () => {
  const suffix = uniqueSuffix();
  const env = {
    MONGO_DB: `test_notifications_${suffix}`,
    KAFKA_GROUP_ID: `test-notifications-${suffix}`,
    KAFKA_FROM_BEGINNING: 'false',
    KAFKA_TOPIC_PREFIX: TEST_TOPIC_PREFIX,
    QUEUE_PREFIX: `test-${suffix}`,
    REMINDER_SWEEP_EVERY_MS: '300',
    LOG_LEVEL: 'warn',
  };
  const logFile = path.join(REPO_ROOT, '.local/logs', `notifications-crash-${suffix}.log`);
  let publisher: EventPublisher;
  let connection: mongoose.Connection;
  let service: ServiceProcess | undefined;

  const start = async () => {
    const started = ServiceProcess.spawn({ name: 'notifications', port: await freePort(), env, logFile });
    await started.ready();
    return started;
  };

  beforeAll(async () => {
    await run(process.execPath, [path.join(REPO_ROOT, 'tools/build-app.cjs'), 'services/notifications'], {
      cwd: REPO_ROOT,
    });
    publisher = await PractitionerEvents.connect();
    connection = await mongoose
      .createConnection('mongodb://127.0.0.1:27017', { dbName: env.MONGO_DB })
      .asPromise();
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await publisher?.disconnect();
    await connection?.dropDatabase().catch(() => undefined);
    await connection?.close();
    await deleteQueueKeys('redis://127.0.0.1:6379', env.QUEUE_PREFIX);
  });

  it('sends no reminder twice after the restart, and every one not caught mid-send goes out', async () => {
    const startedAt = new Date();
    service = await start();
    // The group starts at the topics' ends: a partition it has committed nothing on when killed would be
    // read from its end again after the restart. Events about practitioners with nothing due come first, so
    // every partition has a committed offset before the kill.
    for (let i = 0; i < 60; i++) {
      const settled = new PractitionerEvents(publisher);
      await settled.profile('UTC');
      await settled.compliance([requirement({ status: 'met', remaining: 0 })]);
    }
    await waitForQuiescence({
      kafka: { brokers: ['127.0.0.1:9092'], groups: [{ groupId: env.KAFKA_GROUP_ID, startedAt }] },
      timeoutMs: 60_000,
    });
    // At-risk alerts are due at once: the built service sends them on its own clock.
    const practitioners = Array.from({ length: PRACTITIONERS }, () => new PractitionerEvents(publisher));
    for (const practitioner of practitioners) await practitioner.profile('UTC');
    await Promise.all(
      practitioners.map((practitioner) =>
        practitioner.compliance([requirement({ deadline: '2031-06-30', status: 'at-risk' })]),
      ),
    );
    const addresses = new Set(practitioners.map(({ email }) => email));
    const mailed = async () =>
      (await listMail()).filter((mail) => mail.to.some((to) => addresses.has(to.address)));

    // Killed once the first emails have arrived, while the rest are being swept and sent.
    await waitFor(async () => ((await mailed()).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the first reminder emails',
    });
    await service.kill();
    const beforeRestart = (await mailed()).length;
    service = await start();

    const digests = connection.collection('deliveries');
    // The shared topics carry other practitioners' events too: only ours count.
    const ours = { kind: 'reminder-digest', practitionerId: { $in: practitioners.map(({ id }) => id) } };
    await waitFor(
      async () => {
        const settled = await digests.countDocuments({ ...ours, status: { $in: ['sent', 'sending'] } });
        return settled === PRACTITIONERS ? true : undefined;
      },
      { timeoutMs: 200_000, what: `${PRACTITIONERS} digests sent (or caught mid-send)` },
    );
    // Digests sending when the wait ended finish; the job the crash left active is taken over once its lock
    // expires and finds its digest claimed.
    await waitForQuiescence({
      queues: { redisUrl: 'redis://127.0.0.1:6379', names: [EMAIL_QUEUE], prefix: env.QUEUE_PREFIX },
      timeoutMs: 90_000,
    });
    const sent = await digests.find({ ...ours, status: 'sent' }, { projection: { to: 1 } }).toArray();
    const mails = await mailed();
    for (const practitioner of practitioners) {
      expect(mailTo(practitioner.email, mails).length).toBeLessThanOrEqual(1);
    }
    for (const { to } of sent) expect(mailTo(to as string, mails)).toHaveLength(1);
    // Figures for the log: how far it had got, and how many the crash left claimed but unconfirmed.
    process.stdout.write(
      `${JSON.stringify({ mailedBeforeKill: beforeRestart, sent: sent.length, leftSending: PRACTITIONERS - sent.length })}\n`,
    );
  }, 300_000);
});
