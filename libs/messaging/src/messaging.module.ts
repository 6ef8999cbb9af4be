import { ALL_TOPICS, DEAD_LETTER_TOPIC } from '@cme/contracts';
import { HealthRegistry, MetricsService } from '@cme/platform';
import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Admin, type Kafka } from 'kafkajs';
import { type Connection } from 'mongoose';

import { EventPublisher } from './event-publisher';
import { EventSubscriber } from './event-subscriber';
import { createKafka, ensureTopics, type KafkaSettings } from './kafka-settings';
import { MongooseProcessedEventStore } from './processed-events';
import { type RetryPolicy } from './retry-policy';

export const KAFKA = Symbol('KAFKA');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions extends KafkaSettings {
  /** The service's consumer group; one per service, shared by its instances. */
  groupId: string;
  /** Topics this service consumes; empty for a service that only publishes. */
  consumes: readonly string[];
  /** Where a consumer group without committed offsets starts: the topic's start, or its end. */
  fromBeginning: boolean;
  /** Attempts and backoff before a failing event is dead-lettered; the library's default if absent. */
  retry?: RetryPolicy;
}

@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('messaging');
  private readonly admin: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(EventSubscriber) private readonly subscriber: EventSubscriber,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.admin = kafka.admin();
  }

  /** Every event stream and the dead-letter topic, plus this group's retry topic when it consumes. */
  private topics(): string[] {
    const prefix = this.options.topicPrefix ?? '';
    const topics = [...ALL_TOPICS, DEAD_LETTER_TOPIC].map((topic) => `${prefix}${topic}`);
    return this.options.consumes.length > 0 ? [...topics, this.subscriber.retryTopic] : topics;
  }

  async onModuleInit(): Promise<void> {
    await ensureTopics(this.kafka, this.topics(), this.options.topicPartitions);
    await this.admin.connect();
    await this.publisher.connect();
    this.health.register('kafka', async () => {
      await this.admin.describeCluster();
    });
  }

  /** Consuming starts once every module has registered its handlers. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consumes.length === 0) return;
    await this.subscriber.start(this.options.consumes);
    this.logger.log({
      msg: 'consuming',
      groupId: this.options.groupId,
      handles: this.subscriber.handledTypes,
      retryTopic: this.subscriber.retryTopic,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber.stop();
    await this.publisher.disconnect();
    await this.admin.disconnect();
  }
}

/**
 * Kafka for a service: topics provisioned at start-up, one producer, one consumer group member whose
 * processed-event records live in the service's own database.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA, useFactory: () => createKafka(options) },
        {
          provide: EventPublisher,
          useFactory: (kafka: Kafka, metrics: MetricsService) =>
            new EventPublisher(kafka, { topicPrefix: options.topicPrefix, metrics }),
          inject: [KAFKA, MetricsService],
        },
        {
          provide: EventSubscriber,
          useFactory: (
            kafka: Kafka,
            publisher: EventPublisher,
            metrics: MetricsService,
            connection: Connection,
          ) =>
            new EventSubscriber(kafka, publisher, {
              groupId: options.groupId,
              fromBeginning: options.fromBeginning,
              topicPrefix: options.topicPrefix,
              retry: options.retry,
              metrics,
              processedEvents: new MongooseProcessedEventStore(connection, options.groupId),
            }),
          inject: [KAFKA, EventPublisher, MetricsService, getConnectionToken()],
        },
        MessagingLifecycle,
      ],
      exports: [KAFKA, EventPublisher, EventSubscriber],
    };
  }
}
