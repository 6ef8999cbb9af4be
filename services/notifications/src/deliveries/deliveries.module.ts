import { LedgerEventTypes } from '@cme/contracts';
import { EventSubscriber } from '@cme/messaging';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { EmailQueueModule } from '../queues/email-queue.module';
import { DeliveriesService } from './deliveries.service';
import { DELIVERY_MODEL, DeliverySchema } from './delivery.schema';
import { EmailWorker } from './email.worker';

@Injectable()
class LedgerEventsHandler implements OnModuleInit {
  constructor(
    @Inject(EventSubscriber) private readonly subscriber: EventSubscriber,
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
  ) {}

  onModuleInit(): void {
    this.subscriber.on(LedgerEventTypes.creditRecorded, (event) =>
      this.deliveries.confirmCredit(event.id, event.data),
    );
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: DELIVERY_MODEL, schema: DeliverySchema }]), EmailQueueModule],
  providers: [DeliveriesService, EmailWorker, LedgerEventsHandler],
})
export class DeliveriesModule {}
