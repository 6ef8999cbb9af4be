import { z } from 'zod';

import { Topics } from '../topics';
import { CreditDesignationSchema } from './course-events';

export const CreditRecordedSchema = z
  .object({
    creditId: z.string().min(1),
    practitionerId: z.string().min(1),
    completedOn: z.iso.date(),
    claimed: z.array(CreditDesignationSchema).min(1),
    activity: z
      .object({
        courseId: z.string().optional(),
        courseVersion: z.number().int().positive().optional(),
        title: z.string().min(1),
        topics: z.array(z.string()),
      })
      .strict(),
    // Who to confirm the credit to, from the practitioner's verified identity at the time of recording.
    recipient: z.object({ email: z.email(), name: z.string().optional() }).strict().optional(),
    recordedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type CreditRecorded = z.infer<typeof CreditRecordedSchema>;

export const LedgerEventTypes = {
  creditRecorded: 'cme.credits.credit.recorded.v1',
} as const;

export const ledgerEvents = {
  [LedgerEventTypes.creditRecorded]: { topic: Topics.ledger, data: CreditRecordedSchema },
} as const;
