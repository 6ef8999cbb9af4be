import { z } from 'zod';

import { DEFAULT_PREFERENCES } from './recipient.schema';
import { REMINDER_STATUSES } from './reminder.schema';
import { isTimeZone } from './zoned-time';

export const PreferencesSchema = z
  .object({
    remindersEnabled: z.boolean().default(DEFAULT_PREFERENCES.remindersEnabled),
    offsetsDays: z
      .array(z.number().int().min(1).max(365))
      .max(6)
      .refine((offsets) => new Set(offsets).size === offsets.length, 'must not repeat an offset')
      .default(DEFAULT_PREFERENCES.offsetsDays),
    digest: z.boolean().default(DEFAULT_PREFERENCES.digest),
    courseAlerts: z.boolean().default(DEFAULT_PREFERENCES.courseAlerts),
    /** Unset: the time zone of the practitioner's profile. */
    timezone: z
      .string()
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone such as America/Chicago')
      .optional(),
  })
  .strict();

export type PreferencesInput = z.infer<typeof PreferencesSchema>;

const cursor = z.string().max(300).optional();
const limit = z.coerce.number().int().min(1).max(100).default(20);

export const DeliveriesQuerySchema = z.object({ limit, cursor }).strict();
export type DeliveriesQuery = z.infer<typeof DeliveriesQuerySchema>;

export const RemindersQuerySchema = z
  .object({
    practitionerId: z.string().min(1).max(100).optional(),
    status: z.enum(REMINDER_STATUSES).optional(),
    dueBefore: z.iso.datetime({ offset: true }).optional(),
    limit,
    cursor,
  })
  .strict();
export type RemindersQuery = z.infer<typeof RemindersQuerySchema>;

export const UnsubscribeQuerySchema = z.object({ token: z.string().min(1).max(1000) }).strict();
