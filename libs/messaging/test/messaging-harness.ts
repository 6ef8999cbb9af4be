import { randomUUID } from 'node:crypto';

import { DEAD_LETTER_TOPIC, type DomainEvent, Topics } from '@cme/contracts';
import {
  broadcastGroupId,
  createKafka,
  ensureTopics,
  EventPublisher,
  EventSubscriber,
  MongooseOutboxStore,
  MongooseProcessedEventStore,
  type OutboxDocument,
  OutboxRelay,
  type OutboxStore,
  outboxSchemaField,
  type RelayOptions,
  type RetryPolicy,
} from '@cme/messaging';
import { type MetricsService } from '@cme/platform';
import { courseEvent, uniqueSuffix } from '@cme/testing';
import { Logger } from '@nestjs/common';
import { type Kafka, type KafkaMessage } from 'kafkajs';
import mongoose, { type Connection, type Model, Schema } from 'mongoose';

export { courseEvent };

// Outside a Nest application the library logs through Nest's console logger: quiet unless asked for.
Logger.overrideLogger(process.env.TEST_LOG_LEVEL === 'debug' ? ['debug', 'log', 'warn', 'error'] : false);

/**
 * Library tests run on the shared local broker and database, isolated by a topic prefix and a database of
 * their own; `close` deletes both.
 */
export class MessagingTestBed {
  readonly prefix = `test-${uniqueSuffix()}.`;
  readonly kafka: Kafka;
  readonly publishers: EventPublisher[] = [];
  private readonly subscribers: EventSubscriber[] = [];
  private readonly relays: OutboxRelay[] = [];
  readonly aggregates: Model<AggregateDocument>;

  private constructor(
    readonly brokers: string[],
    readonly connection: Connection,
  ) {
    this.kafka = createKafka({ clientId: 'messaging-test', brokers, topicPartitions: 6 });
    this.aggregates = connection.model<AggregateDocument>('Aggregate', AggregateSchema);
  }

  static async open(brokers = ['127.0.0.1:9092'], mongoUrl = 'mongodb://127.0.0.1:27017') {
    const connection = await mongoose
      .createConnection(mongoUrl, {
        dbName: `test_messaging_${uniqueSuffix()}`,
        serverSelectionTimeoutMS: 5000,
      })
      .asPromise();
    const bed = new MessagingTestBed(brokers, connection);
    await ensureTopics(bed.kafka, [bed.topic(Topics.courses), bed.topic(DEAD_LETTER_TOPIC)], 6);
    return bed;
  }

  topic(name: string): string {
    return `${this.prefix}${name}`;
  }

  deadLetterTopic(): string {
    return this.topic(DEAD_LETTER_TOPIC);
  }

  async publisher(metrics?: MetricsService): Promise<EventPublisher> {
    const publisher = new EventPublisher(this.kafka, { topicPrefix: this.prefix, metrics });
    await publisher.connect();
    this.publishers.push(publisher);
    return publisher;
  }

  relay(publisher: EventPublisher, options: RelayOptions = {}, store = this.outboxStore()): OutboxRelay {
    const relay = new OutboxRelay(store, publisher, options);
    this.relays.push(relay);
    return relay;
  }

  outboxStore(): OutboxStore {
    return new MongooseOutboxStore(this.aggregates as unknown as Model<OutboxDocument>);
  }

  /**
   * A consumer group member of the course topic, not yet started (register handlers first). It starts at
   * the topics' end, so it sees only what is published after `start`.
   */
  async subscriber(
    groupId: string,
    { retry, metrics }: { retry?: RetryPolicy; metrics?: MetricsService } = {},
  ): Promise<EventSubscriber> {
    const publisher = await this.publisher();
    const subscriber = new EventSubscriber(this.kafka, publisher, {
      groupId,
      fromBeginning: false,
      topicPrefix: this.prefix,
      retry,
      metrics,
      processedEvents: new MongooseProcessedEventStore(this.connection, groupId, 2000),
    });
    await ensureTopics(this.kafka, [subscriber.retryTopic], 6);
    this.subscribers.push(subscriber);
    return subscriber;
  }

  /**
   * One instance's broadcast member of the course topic for the service `serviceGroupId`, not yet started:
   * a group of its own, from the topics' end, retrying in process.
   */
  async broadcastSubscriber(
    serviceGroupId: string,
    instanceId: string,
    { retry, metrics }: { retry?: RetryPolicy; metrics?: MetricsService } = {},
  ): Promise<EventSubscriber> {
    const subscriber = new EventSubscriber(this.kafka, await this.publisher(), {
      groupId: broadcastGroupId(serviceGroupId, instanceId),
      broadcast: true,
      topicPrefix: this.prefix,
      retry,
      metrics,
    });
    this.subscribers.push(subscriber);
    return subscriber;
  }

  /** Writes the aggregate's next version and its event in one single-document write, as services do. */
  async writeVersion(
    aggregateId: string,
    version: number,
    title = `version ${version}`,
  ): Promise<DomainEvent> {
    const event = courseEvent(aggregateId, version, title);
    await this.aggregates.updateOne(
      { _id: aggregateId },
      { $set: { version }, $push: { outbox: event } },
      { upsert: true },
    );
    return event;
  }

  /** Every message on a topic from its start, read with a throwaway group until `until` holds. */
  async readTopic(
    topic: string,
    until: (messages: KafkaMessage[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
      const deadline = Date.now() + timeoutMs;
      while (!until(messages)) {
        if (Date.now() > deadline)
          throw new Error(`${topic}: condition not met with ${messages.length} messages`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return messages;
    } finally {
      await consumer.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.relays.map((relay) => relay.stop()));
    await Promise.allSettled(this.subscribers.map((subscriber) => subscriber.stop()));
    await Promise.allSettled(this.publishers.map((publisher) => publisher.disconnect()));
    const admin = this.kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(this.prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await this.connection.dropDatabase().catch(() => undefined);
    await this.connection.close();
  }
}

export interface AggregateDocument {
  _id: string;
  version: number;
  outbox: DomainEvent[];
}

const AggregateSchema = new Schema<AggregateDocument>(
  { _id: { type: String, required: true }, version: Number, ...outboxSchemaField },
  { collection: 'aggregates', versionKey: false, minimize: false },
);

export function parsed(message: KafkaMessage): DomainEvent {
  return JSON.parse(message.value?.toString('utf8') ?? 'null') as DomainEvent;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
