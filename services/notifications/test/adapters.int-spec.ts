import { randomUUID } from 'node:crypto';

import { HealthRegistry } from '@cme/platform';
import { waitForMailTo, waitForQuiescence } from '@cme/testing';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { Mailer } from '../src/mail/mailer';

describe('outside-system adapters against the real servers', () => {
  it('sends through nodemailer to the SMTP server, and the mail viewer shows it', async () => {
    const mailer = new Mailer(
      { smtpUrl: 'smtp://127.0.0.1:1025', from: 'CME Tracker <test@cme-tracker.local>' },
      new HealthRegistry(),
    );
    const to = `adapter-${randomUUID()}@example.org`;
    const messageId = await mailer.send({
      to,
      subject: 'Adapter check',
      text: 'plain part',
      html: '<p>html part</p>',
      headers: { 'X-Check': 'yes' },
    });
    mailer.onModuleDestroy();
    expect(messageId).toEqual(expect.any(String));
    const [mail] = await waitForMailTo(to);
    expect(mail.subject).toBe('Adapter check');
    expect(mail.text.trim()).toBe('plain part');
    expect(mail.headers['x-check']).toBe('yes');
  });

  it('runs a delayed BullMQ job on Redis once, even when added twice with the same job id', async () => {
    const redisUrl = 'redis://127.0.0.1:6379';
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queueName = `round-trip-${randomUUID()}`;
    const queue = new Queue(queueName, { connection });
    const eventsConnection = connection.duplicate();
    const events = new QueueEvents(queueName, { connection: eventsConnection });
    const processed: { id?: string; at: number }[] = [];
    const worker = new Worker(queueName, async (job) => void processed.push({ id: job.id, at: Date.now() }), {
      connection,
    });
    try {
      await events.waitUntilReady();
      const addedAt = Date.now();
      const job = await queue.add('reminder', { reminderId: 'r-1' }, { jobId: 'reminder-r-1', delay: 500 });
      await queue.add('reminder', { reminderId: 'r-1' }, { jobId: 'reminder-r-1', delay: 500 });
      expect(await job.getState()).toBe('delayed');
      await job.waitUntilFinished(events, 15_000);
      // A second job would be waiting, delayed or running still, or have run.
      await waitForQuiescence({ queues: { redisUrl, names: [queueName] } });
      expect(processed).toHaveLength(1);
      expect(processed[0].id).toBe('reminder-r-1');
      expect(processed[0].at - addedAt).toBeGreaterThanOrEqual(450);
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await eventsConnection.quit();
      await connection.quit();
    }
  });
});
