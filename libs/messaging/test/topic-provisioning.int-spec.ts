import { randomUUID } from 'node:crypto';

import { createKafka, ensureTopics } from '@cme/messaging';
import { ThrowawayInfra } from '@cme/testing';
import { type Kafka } from 'kafkajs';

import './messaging-harness'; // quiets the library's logging

const PARTITIONS = 6;

/** Separate clients, as separate service instances would have. */
function instances(brokers: string[], count: number): Kafka[] {
  return Array.from({ length: count }, (_, index) =>
    createKafka({ clientId: `instance-${index}`, brokers, topicPartitions: PARTITIONS }),
  );
}

async function partitionCounts(kafka: Kafka, topics: string[]): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics });
    return metadata.topics.map(
      (topic) => topic.partitions.filter((partition) => partition.leader >= 0).length,
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * The services provision their topics at start-up, several at once, often on a broker that has only just
 * started (a fresh machine, the readiness tests): a throwaway Kafka is the setting where this used to fail.
 */
describe('topic provisioning at start-up (throwaway Kafka)', () => {
  let infra: ThrowawayInfra;
  let brokers: string[];

  beforeAll(async () => {
    infra = await ThrowawayInfra.start(['kafka']);
    brokers = [infra.endpoints.KAFKA_BROKERS];
  }, 180_000);

  afterAll(async () => {
    await infra?.destroy();
  }, 180_000);

  it('returns to every instance racing to create the same topics only once it can subscribe to them', async () => {
    const topics = ['race.a.v1', 'race.b.v1', 'race.c.v1'];
    await Promise.all(
      instances(brokers, 4).map(async (kafka) => {
        await ensureTopics(kafka, topics, PARTITIONS);
        // The losers of the creation race used to go on before the broker hosted the new partitions, and
        // the consumer's subscribe (which reads the topics' metadata without retrying) failed the service's
        // start-up: "This server does not host this topic-partition".
        const consumer = kafka.consumer({ groupId: `race-${randomUUID()}` });
        await consumer.connect();
        try {
          await consumer.subscribe({ topics });
        } finally {
          await consumer.disconnect();
        }
      }),
    );
    expect(await partitionCounts(instances(brokers, 1)[0], topics)).toEqual([6, 6, 6]);
  });

  it('leaves existing topics as they are', async () => {
    const [kafka] = instances(brokers, 1);
    await ensureTopics(kafka, ['existing.v1'], 2);
    await ensureTopics(kafka, ['existing.v1'], PARTITIONS);
    expect(await partitionCounts(kafka, ['existing.v1'])).toEqual([2]);
  });
});
