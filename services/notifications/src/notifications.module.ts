import { Topics } from '@cme/contracts';
import { MessagingModule } from '@cme/messaging';
import { DatabaseModule, PlatformModule, type ServiceDefinition, settingsOf } from '@cme/platform';
import { type DynamicModule, Global, Module } from '@nestjs/common';

import { DeliveriesModule } from './deliveries/deliveries.module';
import { Mailer, MAILER_SETTINGS } from './mail/mailer';
import { QueueDashboardModule } from './queues/queue-dashboard';
import {
  NOTIFICATIONS_CONFIG,
  notificationsConfigSchema,
  type NotificationsConfig,
} from './notifications-config';

@Global()
@Module({})
export class NotificationsModule {
  static register(config: NotificationsConfig): DynamicModule {
    const settings = settingsOf(config);
    return {
      module: NotificationsModule,
      imports: [
        PlatformModule.forRoot('notifications', config),
        DatabaseModule.forRoot(settings.mongo),
        MessagingModule.forRoot({
          ...settings.kafka,
          clientId: 'notifications',
          consumes: [Topics.ledger, Topics.compliance, Topics.practitioners, Topics.courses],
        }),
        DeliveriesModule,
        QueueDashboardModule,
      ],
      providers: [
        {
          provide: MAILER_SETTINGS,
          useValue: {
            smtpUrl: config.SMTP_URL,
            from: config.MAIL_FROM,
            maxConnections: config.SMTP_MAX_CONNECTIONS,
          },
        },
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        Mailer,
      ],
      exports: [Mailer, NOTIFICATIONS_CONFIG],
    };
  }
}

export const notificationsService: ServiceDefinition<typeof notificationsConfigSchema> = {
  name: 'notifications',
  description:
    'Emails practitioners what they still need, before their deadlines, and confirms what they record.',
  configSchema: notificationsConfigSchema,
  module: (config) => NotificationsModule.register(config),
};
