import { type JobsOptions } from 'bullmq';

/** The email queue: its name, its jobs and their default options. */
export const EMAIL_QUEUE = 'email';

export const EmailJobs = {
  creditConfirmation: 'credit-confirmation',
  reminderDigest: 'reminder-digest',
  courseAlert: 'course-alert',
} as const;

export type EmailJobName = (typeof EmailJobs)[keyof typeof EmailJobs];

/** Job payloads carry ids only; the delivery log in MongoDB holds the state. */
export interface EmailJobData {
  deliveryId: string;
}

/**
 * Exponential backoff with jitter, so that many emails failing together (an SMTP outage) do not all come
 * back at once: 2 s, 4 s, 8 s … (each up to half shorter), about two minutes over eight attempts.
 */
export const EMAIL_JOB_DEFAULTS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ refuses `:` in custom job ids; ours are derived from delivery ids, which are kept free of it. */
export function emailJobId(deliveryId: string): string {
  return deliveryId.replaceAll(':', '-');
}
