import { serviceConfigSchema } from '@cme/platform';
import { z } from 'zod';

export const notificationsConfigSchema = serviceConfigSchema({
  port: 3003,
  database: 'cme_notifications',
  consumerGroup: 'cme-notifications',
}).extend({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'expected an smtp:// URL')
    .default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('CME Tracker <reminders@cme-tracker.local>'),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
