import { waitFor } from '@cme/local-runtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';

import { uniqueSuffix, waitForQuiescence } from '../src';

const BROKERS = ['127.0.0.1:9092'];
const REDIS_URL = 'redis://127.0.0.1:6379';
/** Short enough for a test of what stays busy; quiet cases use the default. */
const BUSY_TIMEOUT_MS = 1500;

describe('waitForQuiescence (real Kafka, MongoDB-wire server and Redis)', () => {
  it('waits for a consumer group to handle every message, counting from when it started', async () => {
    const kafka = new Kafka({ clientId: 'quiescence-test', brokers: BROKERS, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    const topic = `quiescence-test-${uniqueSuffix()}`;
    const groupId = `quiescence-test-${uniqueSuffix()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    try {
      await Promise.all([admin.connect(), producer.connect()]);
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      // Timestamps of their own, so that "since it started" falls between the two messages.
      await producer.send({ topic, messages: [{ value: 'before', timestamp: '1000' }] });
      await producer.send({ topic, messages: [{ value: 'after', timestamp: String(Date.now()) }] });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      // The group holds its first message until released, so it commits nothing meanwhile.
      await consumer.run({ eachMessage: () => released });
      await waitFor(
        async () => ((await admin.describeGroups([groupId])).groups[0].state === 'Stable' ? true : undefined),
        { what: `consumer group ${groupId} to be stable` },
      );

      const busy = (startedAt?: Date) =>
        waitForQuiescence({
          kafka: { brokers: BROKERS, groups: [{ groupId, startedAt }] },
          timeoutMs: BUSY_TIMEOUT_MS,
        });
      await expect(busy()).rejects.toThrow(
        `consumer group ${groupId} has 2 message(s) to handle on ${topic}[0]`,
      );
      await expect(busy(new Date(2000))).rejects.toThrow(
        `consumer group ${groupId} has 1 message(s) to handle on ${topic}[0]`,
      );

      release();
      await waitForQuiescence({ kafka: { brokers: BROKERS, groups: [{ groupId }] } });
      await consumer.disconnect();
      await expect(busy()).rejects.toThrow(`consumer group ${groupId} is Empty`);
    } finally {
      release();
      await consumer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await Promise.all([admin.disconnect(), producer.disconnect()]);
    }
  });

  it('waits for every outbox to be empty', async () => {
    const connection = await mongoose
      .createConnection('mongodb://127.0.0.1:27017', { dbName: `test_quiescence_${uniqueSuffix()}` })
      .asPromise();
    const outboxes = [{ connection, collections: ['courses'] }];
    const courses = connection.collection<{ _id: string; outbox: { id: string }[] }>('courses');
    try {
      await courses.insertOne({ _id: 'c-1', outbox: [{ id: 'e-1' }] });
      await expect(waitForQuiescence({ outboxes, timeoutMs: BUSY_TIMEOUT_MS })).rejects.toThrow(
        `1 document(s) in ${connection.name}.courses with unpublished events`,
      );
      await courses.updateOne({ _id: 'c-1' }, { $set: { outbox: [] } });
      await waitForQuiescence({ outboxes });
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  });

  it('waits for queues to drain, delayed jobs included, and stays quiet for the stable period', async () => {
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(`quiescence-test-${uniqueSuffix()}`, { connection });
    const queues = { redisUrl: REDIS_URL, names: [queue.name] };
    try {
      await queue.add('later', {}, { delay: 60_000 });
      await expect(waitForQuiescence({ queues, timeoutMs: BUSY_TIMEOUT_MS })).rejects.toThrow(
        `queue ${queue.name} has 1 delayed job(s)`,
      );
      await queue.obliterate({ force: true });
      const started = Date.now();
      await waitForQuiescence({ queues, stableForMs: 800 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });
});
