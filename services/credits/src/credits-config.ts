import { serviceConfigSchema } from '@cme/platform';
import { z } from 'zod';

export const creditsConfigSchema = serviceConfigSchema({
  port: 3002,
  database: 'cme_credits',
  consumerGroup: 'cme-credits',
}).extend({
  /**
   * Prepended to every topic the service publishes to and consumes (see `KafkaSettings.topicPrefix`): a
   * benchmark's thousands of events stay off the shared broker's real topics, where other services'
   * consumers (notifications mails every recorded credit) would act on them. Empty in production.
   */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^([\w-]+\.)?$/, 'expected a prefix such as bench-1a2b3c4d. (ending in a dot)')
    .default(''),
});

export type CreditsConfig = z.infer<typeof creditsConfigSchema>;
