import { serviceConfigSchema } from '@cme/platform';
import { type z } from 'zod';

export const creditsConfigSchema = serviceConfigSchema({
  port: 3002,
  database: 'cme_credits',
  consumerGroup: 'cme-credits',
});

export type CreditsConfig = z.infer<typeof creditsConfigSchema>;
