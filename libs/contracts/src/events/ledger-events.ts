import { z } from 'zod';

import { Topics } from '../topics';

/** One credit type claimed for an activity; `topicHours` is the part of it that covers a topic. */
export const ClaimedCreditSchema = z
  .object({
    type: z.string().min(1),
    amount: z.number().positive(),
    topicHours: z.record(z.string(), z.number().positive()).optional(),
  })
  .strict();

/** A ledger entry as the ledger events carry it (fields beyond the first version are optional: additive). */
const creditEntryFields = {
  creditId: z.string().min(1),
  practitionerId: z.string().min(1),
  /** Grows by one with every change of the entry: consumers keep the newest. */
  version: z.number().int().positive().optional(),
  /** `catalog`: a claim of a catalog course; `outside`: an activity the practitioner describes. */
  source: z.enum(['catalog', 'outside']).optional(),
  completedOn: z.iso.date(),
  claimed: z.array(ClaimedCreditSchema).min(1),
  activity: z
    .object({
      courseId: z.string().optional(),
      courseVersion: z.number().int().positive().optional(),
      title: z.string().min(1),
      provider: z.string().min(1).optional(),
      accreditor: z.string().min(1).optional(),
      activityId: z.string().min(1).optional(),
      format: z.string().min(1).optional(),
      topics: z.array(z.string()),
      /** Approvals the activity carries beyond its accreditation (a state board's approved course). */
      approvals: z.array(z.string()).optional(),
    })
    .strict(),
  /** The certificate on file for the entry, with the hash an auditor can check the file against. */
  certificate: z
    .object({ id: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
    .strict()
    .optional(),
  /** The ledger thinks this repeats another entry; it counts once until the practitioner says otherwise. */
  possibleDuplicateOf: z.string().min(1).optional(),
  recordedAt: z.iso.datetime({ offset: true }),
};

export const CreditRecordedSchema = z
  .object({
    ...creditEntryFields,
    // Who to confirm the credit to, from the practitioner's profile (or verified identity) at the time.
    recipient: z.object({ email: z.email(), name: z.string().optional() }).strict().optional(),
  })
  .strict();

export const CreditCorrectedSchema = z
  .object({
    ...creditEntryFields,
    version: z.number().int().positive(),
    correctedAt: z.iso.datetime({ offset: true }),
    /** The top-level fields the correction changed. */
    changedFields: z.array(z.string().min(1)).min(1),
  })
  .strict();

export const CreditVoidedSchema = z
  .object({
    creditId: z.string().min(1),
    practitionerId: z.string().min(1),
    version: z.number().int().positive(),
    voidedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type ClaimedCredit = z.infer<typeof ClaimedCreditSchema>;
export type CreditRecorded = z.infer<typeof CreditRecordedSchema>;
export type CreditCorrected = z.infer<typeof CreditCorrectedSchema>;
export type CreditVoided = z.infer<typeof CreditVoidedSchema>;

export const LedgerEventTypes = {
  creditRecorded: 'cme.credits.credit.recorded.v1',
  creditCorrected: 'cme.credits.credit.corrected.v1',
  creditVoided: 'cme.credits.credit.voided.v1',
} as const;

export const ledgerEvents = {
  [LedgerEventTypes.creditRecorded]: { topic: Topics.ledger, data: CreditRecordedSchema },
  [LedgerEventTypes.creditCorrected]: { topic: Topics.ledger, data: CreditCorrectedSchema },
  [LedgerEventTypes.creditVoided]: { topic: Topics.ledger, data: CreditVoidedSchema },
} as const;
