import { ALL_TOPICS } from '@cme/contracts';
import { HealthRegistry } from '@cme/platform';
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
import { type Admin, type Kafka } from 'kafkajs';

import { EventPublisher } from './event-publisher';
import { EventSubscriber } from './event-subscriber';
import { createKafka, ensureTopics, type KafkaSettings } from './kafka-settings';

export const KAFKA = Symbol('KAFKA');
const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions extends KafkaSettings {
  /** The service's consumer group; one per service, shared by its instances. */
  groupId: string;
  /** Topics this service consumes; empty for a service that only publishes. */
  consumes: readonly string[];
  /** Where a consumer group without committed offsets starts: the topic's start, or its end. */
  fromBeginning: boolean;
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

  async onModuleInit(): Promise<void> {
    await ensureTopics(this.kafka, ALL_TOPICS, this.options.topicPartitions);
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
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber.stop();
    await this.publisher.disconnect();
    await this.admin.disconnect();
  }
}

/** Kafka for a service: topics provisioned at start-up, one producer, one consumer group member. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: KAFKA, useFactory: () => createKafka(options) },
        { provide: EventPublisher, useFactory: (kafka: Kafka) => new EventPublisher(kafka), inject: [KAFKA] },
        {
          provide: EventSubscriber,
          useFactory: (kafka: Kafka) => new EventSubscriber(kafka, options.groupId, options.fromBeginning),
          inject: [KAFKA],
        },
        MessagingLifecycle,
      ],
      exports: [KAFKA, EventPublisher, EventSubscriber],
    };
  }
}
