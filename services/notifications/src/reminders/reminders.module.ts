import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { Clock } from '../clock';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../notifications-config';
import { EmailQueueModule } from '../queues/email/email-queue.module';
import { ComplianceListener } from './compliance.listener';
import { PractitionerListener } from './practitioner.listener';
import { PreferencesController } from './preferences.controller';
import { RECIPIENT_MODEL, RecipientSchema } from './recipient.schema';
import { REMINDER_DIGEST_MODEL, ReminderDigestSchema } from './reminder-digest.schema';
import { ReminderQueries } from './reminder-queries';
import { ReminderScheduler } from './reminder-scheduler';
import { ReminderSender } from './reminder-sender';
import { ReminderSweep } from '../queues/reminder-sweep/reminder-sweep';
import { REMINDER_MODEL, ReminderSchema } from './reminder.schema';
import { RemindersController } from './reminders.controller';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeTokens } from './unsubscribe-tokens';

const DAY_MS = 24 * 3600 * 1000;

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: RECIPIENT_MODEL, schema: RecipientSchema },
      { name: REMINDER_MODEL, schema: ReminderSchema },
      { name: REMINDER_DIGEST_MODEL, schema: ReminderDigestSchema },
    ]),
    EmailQueueModule,
  ],
  controllers: [PreferencesController, RemindersController, UnsubscribeController],
  providers: [
    Clock,
    {
      provide: UnsubscribeTokens,
      useFactory: (config: NotificationsConfig) =>
        new UnsubscribeTokens(config.UNSUBSCRIBE_SECRET, config.UNSUBSCRIBE_TOKEN_DAYS * DAY_MS),
      inject: [NOTIFICATIONS_CONFIG],
    },
    ReminderScheduler,
    ReminderSweep,
    ReminderSender,
    ReminderQueries,
    ComplianceListener,
    PractitionerListener,
  ],
  // MongooseModule: the recipients' model, which course alerts read too.
  exports: [ReminderSender, Clock, UnsubscribeTokens, MongooseModule],
})
export class RemindersModule {}
