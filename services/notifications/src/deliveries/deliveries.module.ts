import { Module } from '@nestjs/common';
import { CourseAlertsModule } from '../course-alerts/course-alerts.module';
import { MongooseModule } from '@nestjs/mongoose';

import { EmailQueueModule } from '../queues/email/email-queue.module';
import { RemindersModule } from '../reminders/reminders.module';
import { CreditRecordedListener } from './credit-recorded.listener';
import { DeliveriesService } from './deliveries.service';
import { DELIVERY_MODEL, DeliverySchema } from './delivery.schema';
import { EmailWorker } from '../queues/email/email.worker';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: DELIVERY_MODEL, schema: DeliverySchema }]),
    EmailQueueModule,
    RemindersModule,
    CourseAlertsModule,
  ],
  providers: [DeliveriesService, EmailWorker, CreditRecordedListener],
})
export class DeliveriesModule {}
