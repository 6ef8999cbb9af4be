import { text } from '@cme/platform';
import {
  APPROVAL_CODES,
  calendarDateSchema,
  CREDIT_TYPE_CODES,
  CREDIT_TYPES,
  isWholeNumberOfSteps,
  TOPIC_CODES,
} from '@cme/requirements';
import { z } from 'zod';

/** The earliest completion date the ledger accepts: older certificates count toward no current cycle. */
export const EARLIEST_COMPLETION = '1950-01-01';
/** The most of one credit type one activity can carry (a multi-day meeting designates a few dozen). */
const MAX_AMOUNT = 100;

export const ACTIVITY_FORMATS = [
  'live',
  'enduring',
  'journal',
  'rss',
  'internet-live',
  'internet-enduring',
  'performance-improvement',
  'self-study',
  'other',
] as const;

const completedOnSchema = calendarDateSchema.pipe(
  z
    .string()
    .refine((date) => date >= EARLIEST_COMPLETION, { message: `must not be before ${EARLIEST_COMPLETION}` }),
);

/**
 * One claimed credit type: an amount in whole steps of its type (no floating tolerance), and optionally the
 * part of it that covers a topic (an NP certificate of 2.5 contact hours of which 0.5 pharmacology).
 */
const claimedCreditSchema = z
  .object({
    type: z.enum(CREDIT_TYPE_CODES),
    amount: z.number().positive().max(MAX_AMOUNT),
    topicHours: z.partialRecord(z.enum(TOPIC_CODES), z.number().positive()).optional(),
  })
  .strict()
  .superRefine((claim, context) => {
    const { step } = CREDIT_TYPES[claim.type];
    if (!isWholeNumberOfSteps(claim.amount, step)) {
      context.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `${claim.type} is claimed in steps of ${step}`,
      });
    }
    for (const [topic, hours] of Object.entries(claim.topicHours ?? {})) {
      if (hours === undefined) continue;
      if (hours > claim.amount) {
        context.addIssue({
          code: 'custom',
          path: ['topicHours', topic],
          message: `must not exceed the amount (${claim.amount})`,
        });
      } else if (!isWholeNumberOfSteps(hours, step)) {
        context.addIssue({
          code: 'custom',
          path: ['topicHours', topic],
          message: `is counted in steps of ${step}`,
        });
      }
    }
  });

const claimedSchema = z
  .array(claimedCreditSchema)
  .min(1)
  .max(10)
  .superRefine((claimed, context) => {
    claimed.forEach((claim, index) => {
      if (claimed.findIndex((other) => other.type === claim.type) < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'type'],
          message: 'each credit type is claimed once per activity',
        });
      }
    });
  });

const topicsSchema = z
  .array(z.enum(TOPIC_CODES))
  .max(20)
  .refine((topics) => new Set(topics).size === topics.length, 'lists a topic twice');

/** The fields of an activity outside the catalog, as its certificate describes it. */
const outsideActivityFields = {
  title: text({ max: 300 }),
  provider: text({ max: 200 }),
  accreditor: text({ max: 100 }).optional(),
  activityId: text({ max: 100 }).optional(),
  format: z.enum(ACTIVITY_FORMATS),
  topics: topicsSchema,
  /** Approvals the certificate shows beyond accreditation (a state board's approved course), declared. */
  approvals: z.array(z.enum(APPROVAL_CODES)).max(10).optional(),
};

const outsideActivitySchema = z
  .object({
    ...outsideActivityFields,
    format: outsideActivityFields.format.default('other'),
    topics: outsideActivityFields.topics.default([]),
  })
  .strict();

const certificateIdSchema = z
  .string()
  .regex(/^[0-9a-f]{24}$/, 'must be the id of a certificate you uploaded');

/** `POST /v1/practitioners/me/credits` for a catalog course. */
export const CatalogCreditClaimSchema = z
  .object({
    courseId: z.string().min(1).max(100),
    completedOn: completedOnSchema,
    claimed: claimedSchema,
    certificateId: certificateIdSchema.optional(),
  })
  .strict();

/** `POST /v1/practitioners/me/credits` for an outside activity. */
export const OutsideCreditSchema = z
  .object({
    activity: outsideActivitySchema,
    completedOn: completedOnSchema,
    claimed: claimedSchema,
    certificateId: certificateIdSchema.optional(),
  })
  .strict();

/**
 * The schema a credit body is read with: one with `activity` is an outside activity, any other a catalog
 * claim (so that each kind's field errors are its own, not an "invalid union").
 */
export function newCreditSchemaOf(
  body: unknown,
): typeof CatalogCreditClaimSchema | typeof OutsideCreditSchema {
  return body !== null && typeof body === 'object' && 'activity' in body
    ? OutsideCreditSchema
    : CatalogCreditClaimSchema;
}

export type CatalogCreditClaim = z.infer<typeof CatalogCreditClaimSchema>;
export type OutsideCredit = z.infer<typeof OutsideCreditSchema>;
export type NewCredit = CatalogCreditClaim | OutsideCredit;

/**
 * `PATCH /v1/practitioners/me/credits/{id}`: the fields to correct. A catalog claim keeps the course's own
 * details (only its date, amounts and certificate change); `certificateId: null` detaches the certificate;
 * `confirmedDistinct: true` says a flagged possible duplicate is a credit of its own.
 */
export const CreditCorrectionSchema = z
  .object({
    completedOn: completedOnSchema,
    claimed: claimedSchema,
    // Without the defaults of a new activity: a field the correction does not name keeps its value.
    activity: z.object(outsideActivityFields).partial().strict(),
    certificateId: certificateIdSchema.nullable(),
    confirmedDistinct: z.literal(true),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'name at least one field to correct',
    // A body of unknown fields only is refused for those, not also for naming nothing.
    when: (payload) => payload.issues.length === 0,
  });

export type CreditCorrection = z.infer<typeof CreditCorrectionSchema>;

/** `GET /v1/practitioners/{me|id}/credits`. */
export const CreditListQuerySchema = z
  .object({
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
    type: z.enum(CREDIT_TYPE_CODES).optional(),
    topic: z.enum(TOPIC_CODES).optional(),
    source: z.enum(['catalog', 'outside']).optional(),
    includeVoided: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ['to'],
    message: 'must not be before from',
  });

export type CreditListQuery = z.infer<typeof CreditListQuerySchema>;

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\w-]{8,100}$/, 'Idempotency-Key must be 8 to 100 letters, digits, "-" or "_"')
  .optional();

export const CreditIdSchema = z.string().regex(/^[\w-]{1,64}$/, 'must be a credit id');
