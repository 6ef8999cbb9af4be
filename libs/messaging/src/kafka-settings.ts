import { Kafka, logLevel, type LogEntry } from 'kafkajs';
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

/**
 * Creates missing topics with the configured partition count; existing topics are left as they are.
 * Several instances starting at once may race to create a topic: kafkajs answers the loser with `false`.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: partitions })),
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
}
