import { type JobsOptions } from 'bullmq';

/** Queue and job names, and their default options, in one place. */
export const EMAIL_QUEUE = 'email';

export const EmailJobs = {
  creditConfirmation: 'credit-confirmation',
} as const;

export type EmailJobName = (typeof EmailJobs)[keyof typeof EmailJobs];

/** Job payloads carry ids only; the delivery log in MongoDB holds the state. */
export interface EmailJobData {
  deliveryId: string;
}

export const EMAIL_JOB_DEFAULTS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ refuses `:` in custom job ids; ours are derived from delivery ids, which are kept free of it. */
export function emailJobId(deliveryId: string): string {
  return deliveryId.replaceAll(':', '-');
}
