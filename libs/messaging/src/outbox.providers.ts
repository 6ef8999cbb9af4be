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

@Injectable()
export class OutboxRelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
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
      provide: OutboxRelay,
      useFactory: (model: Model<OutboxDocument>, publisher: EventPublisher) =>
        new OutboxRelay(new MongooseOutboxStore(model), publisher),
      inject: [getModelToken(modelName), EventPublisher],
    },
    OutboxRelayLifecycle,
  ];
}
