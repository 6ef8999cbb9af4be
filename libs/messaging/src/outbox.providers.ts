import { MetricsService } from '@cme/platform';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { type Model } from 'mongoose';

import { EventPublisher } from './event-publisher';
import { MongooseOutboxStore, type OutboxDocument } from './mongoose-outbox-store';
import { OutboxRelay } from './outbox';

const OUTBOX_STORE = Symbol('OUTBOX_STORE');

@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(OUTBOX_STORE) private readonly store: MongooseOutboxStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.store.ensureIndexes();
    this.relay.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.relay.stop();
  }
}

/** The outbox relay of one aggregate's model, swept from start-up to shutdown; inject it as `OutboxRelay`. */
export function outboxRelayFor(modelName: string): Provider[] {
  return [
    {
      provide: OUTBOX_STORE,
      useFactory: (model: Model<OutboxDocument>) => new MongooseOutboxStore(model),
      inject: [getModelToken(modelName)],
    },
    {
      provide: OutboxRelay,
      useFactory: (store: MongooseOutboxStore, publisher: EventPublisher, metrics: MetricsService) =>
        new OutboxRelay(store, publisher, { metrics }),
      inject: [OUTBOX_STORE, EventPublisher, MetricsService],
    },
    OutboxRelayLifecycle,
  ];
}
