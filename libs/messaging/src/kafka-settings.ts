import { Kafka, logLevel, type Admin, type LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';

export interface KafkaSettings {
  /** `host:port` of each broker. */
  brokers: string[];
  /** Names this service in broker logs and quotas. */
  clientId: string;
  /** Partitions of each topic provisioned at start-up. */
  topicPartitions: number;
  /**
   * Prepended to every topic name (event streams, retry and dead-letter topics): environments sharing one
   * cluster, and test runs sharing one broker, each see only their own topics. Empty in production.
   */
  topicPrefix?: string;
}

const kafkaLogger = new Logger('kafkajs');

/**
 * Bounded producer retries are deliberate: a publish that gives up stays in the outbox and is retried by
 * the relay, and consumers drop duplicates; so kafkajs's warning about it is noise here.
 */
const EXPECTED_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/** kafkajs logs through the service's structured logger, and only what needs attention. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    if (EXPECTED_WARNINGS.has(message)) return;
    if (level === logLevel.ERROR) kafkaLogger.error({ msg: message, ...extra });
    else if (level === logLevel.WARN) kafkaLogger.warn({ msg: message, ...extra });
  };
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/** How long start-up waits for its topics to exist with a leader on every partition. */
const TOPICS_READY_TIMEOUT_MS = 60_000;
const TOPICS_READY_POLL_MS = 250;

/**
 * Creates missing topics with the configured partition count (existing topics are left as they are) and
 * returns once every partition of every topic has a leader.
 *
 * Several instances starting at once race to create a topic, and only the winner's `createTopics` waits for
 * the leaders: kafkajs answers the losers at once, while the new partitions may still be unknown to the
 * broker ("This server does not host this topic-partition"). So every instance checks the leaders itself,
 * and retries what a broker that has only just started refuses.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const wanted = [...new Set(topics)];
  const deadline = Date.now() + TOPICS_READY_TIMEOUT_MS;
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((topic) => !existing.has(topic));
        if (missing.length > 0) {
          await admin.createTopics({
            topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
            waitForLeaders: true,
          });
        }
        if (await everyPartitionHasALeader(admin, wanted)) return;
        if (Date.now() > deadline) {
          throw new Error(
            `topics still without a leader after ${TOPICS_READY_TIMEOUT_MS} ms: ${wanted.join(', ')}`,
          );
        }
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, TOPICS_READY_POLL_MS));
    }
  } finally {
    await admin.disconnect();
  }
}

async function everyPartitionHasALeader(admin: Admin, topics: string[]): Promise<boolean> {
  const metadata = await admin.fetchTopicMetadata({ topics });
  return metadata.topics.every(
    (topic) =>
      topic.partitions.length > 0 &&
      topic.partitions.every((partition) => partition.partitionErrorCode === 0 && partition.leader >= 0),
  );
}
