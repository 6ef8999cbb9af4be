import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

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
import { DiscoveryModule } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { type Admin, type Kafka } from 'kafkajs';
import { type Connection } from 'mongoose';

import { assertListenersMatchTopics, DomainEventListeners } from './domain-event-listeners';
import { EventPublisher } from './event-publisher';
import { broadcastGroupId, EventSubscriber } from './event-subscriber';
import { createKafka, ensureTopics, type KafkaSettings } from './kafka-settings';
import { MongooseProcessedEventStore } from './processed-events';
import { type RetryPolicy } from './retry-policy';

export const KAFKA = Symbol('KAFKA');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
const BROADCAST_SUBSCRIBER = Symbol('BROADCAST_SUBSCRIBER');

export interface MessagingOptions extends KafkaSettings {
  /** The service's consumer group; one per service, shared by its instances. */
  groupId: string;
  /** Topics the service's group consumes, its instances sharing the partitions; empty if it only publishes. */
  consumes: readonly string[];
  /** Topics every instance reads in full (broadcast listeners); none if absent. */
  consumesBroadcast?: readonly string[];
  /** Where the service's group starts without committed offsets: the topics' start, or their end. */
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
    @Inject(BROADCAST_SUBSCRIBER) private readonly broadcast: EventSubscriber,
    @Inject(DomainEventListeners) private readonly listeners: DomainEventListeners,
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
  ) {
    this.admin = kafka.admin();
  }

  private get consumesBroadcast(): readonly string[] {
    return this.options.consumesBroadcast ?? [];
  }

  /** Every event stream and the dead-letter topic, plus this group's retry topic when it consumes. */
  private topics(): string[] {
    const prefix = this.options.topicPrefix ?? '';
    const topics = [...ALL_TOPICS, DEAD_LETTER_TOPIC].map((topic) => `${prefix}${topic}`);
    return this.options.consumes.length > 0 ? [...topics, this.subscriber.retryTopic] : topics;
  }

  /**
   * Registers the application's listeners (refusing to start when they do not match the consumed topics),
   * provisions the topics and connects. Broadcast listeners start consuming here, before any
   * `onApplicationBootstrap`, so that a read model loading its state there misses no later event.
   */
  async onModuleInit(): Promise<void> {
    this.registerListeners();
    await ensureTopics(this.kafka, this.topics(), this.options.topicPartitions);
    await this.admin.connect();
    await this.publisher.connect();
    this.health.register('kafka', async () => {
      await this.admin.describeCluster();
    });
    if (this.consumesBroadcast.length === 0) return;
    await this.broadcast.start(this.consumesBroadcast);
    this.logger.log({
      msg: 'consuming (broadcast)',
      groupId: this.broadcast.groupId,
      handles: this.broadcast.handledTypes,
    });
  }

  private registerListeners(): void {
    const handlers = this.listeners.discover();
    assertListenersMatchTopics(handlers, {
      consumes: this.options.consumes,
      consumesBroadcast: this.consumesBroadcast,
    });
    for (const { type, options, handle } of handlers) {
      (options.broadcast ? this.broadcast : this.subscriber).on(type, handle, options);
    }
  }

  /** The service's group starts consuming once every module has initialized (its indexes, its clients). */
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
    await this.broadcast.stop();
    await this.subscriber.stop();
    await this.publisher.disconnect();
    await this.admin.disconnect();
  }
}

/**
 * Kafka for a service: topics provisioned at start-up, one producer, one member of the service's consumer
 * group whose processed-event records live in the service's own database, and, for broadcast listeners, one
 * consumer group of this instance's own. Listeners (`@OnDomainEvent` methods of providers) are found at
 * start-up.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
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
        {
          provide: BROADCAST_SUBSCRIBER,
          useFactory: (kafka: Kafka, publisher: EventPublisher, metrics: MetricsService) =>
            new EventSubscriber(kafka, publisher, {
              groupId: broadcastGroupId(options.groupId, instanceId()),
              broadcast: true,
              topicPrefix: options.topicPrefix,
              retry: options.retry,
              metrics,
            }),
          inject: [KAFKA, EventPublisher, MetricsService],
        },
        DomainEventListeners,
        MessagingLifecycle,
      ],
      exports: [KAFKA, EventPublisher, EventSubscriber],
    };
  }
}

/** Tells this process's broadcast group apart from other instances' and from its own earlier runs. */
function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
