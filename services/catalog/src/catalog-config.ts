import { serviceConfigSchema } from '@cme/platform';
import { type z } from 'zod';

export const catalogConfigSchema = serviceConfigSchema({
  port: 3001,
  database: 'cme_catalog',
  consumerGroup: 'cme-catalog',
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
