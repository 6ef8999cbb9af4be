import { serviceConfigSchema } from '@cme/platform';
import { z } from 'zod';

/** Signs unsubscribe links on a developer's machine only: production refuses to start with it. */
const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-only-unsubscribe-secret-0123456789';

export const notificationsConfigSchema = serviceConfigSchema({
  port: 3003,
  database: 'cme_notifications',
  consumerGroup: 'cme-notifications',
})
  .extend({
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/, 'expected an smtp:// URL')
      .default('smtp://127.0.0.1:1025'),
    MAIL_FROM: z.string().min(3).default('CME Tracker <reminders@cme-tracker.local>'),
    /** Pooled SMTP connections per instance. */
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
    /** BullMQ key prefix: `{cme}` keeps a service's queues in one Redis Cluster slot; tests use their own. */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[\w{}-]{1,60}$/, 'expected letters, digits, -, _ and braces')
      .default('bull'),
    /** How often the reminder sweep runs, and how far ahead of their time it queues reminders. */
    REMINDER_SWEEP_EVERY_MS: z.coerce.number().int().min(100).default(60_000),
    REMINDER_SWEEP_AHEAD_MS: z.coerce.number().int().min(0).default(60_000),
    /** Reminders one sweep reads and queues per round trip, and rounds per sweep (the rest waits). */
    REMINDER_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
    REMINDER_SWEEP_MAX_BATCHES: z.coerce.number().int().min(1).default(100),
    /**
     * Jobs the email queue may hold before the sweep stops adding digests (about 1 KB of Redis each, so
     * 150,000 ≈ 140 MB): when senders fall behind, due reminders wait in MongoDB instead of filling Redis.
     */
    EMAIL_QUEUE_MAX_PENDING: z.coerce.number().int().min(1).default(150_000),
    /** Where this service is reached from a mail client (unsubscribe links) and the portal (course links). */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3003'),
    PORTAL_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3003'),
    UNSUBSCRIBE_SECRET: z
      .string()
      .min(32, 'expected at least 32 characters')
      .default(DEVELOPMENT_UNSUBSCRIBE_SECRET),
    UNSUBSCRIBE_MAILTO: z.email().default('unsubscribe@cme-tracker.local'),
    UNSUBSCRIBE_TOKEN_DAYS: z.coerce.number().int().min(1).max(365).default(60),
    /** Practitioners one course-alert scan job reads; the next batch is the next job. */
    COURSE_ALERT_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Only courses published this recently alert: a consumer reading the catalog's history sends none. */
    COURSE_ALERT_WINDOW_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    /** The queue dashboard at /admin/queues (staff and admins); unset: on, except in production. */
    QUEUE_DASHBOARD_ENABLED: z.enum(['true', 'false']).optional(),
  })
  .superRefine((config, context) => {
    if (config.NODE_ENV !== 'production') return;
    if (config.UNSUBSCRIBE_SECRET === DEVELOPMENT_UNSUBSCRIBE_SECRET) {
      context.addIssue({ code: 'custom', path: ['UNSUBSCRIBE_SECRET'], message: 'required in production' });
    }
    if (!config.PUBLIC_URL.startsWith('https://')) {
      context.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be https:// in production' });
    }
  });

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

/** The validated configuration, for providers that read more than one setting. */
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
