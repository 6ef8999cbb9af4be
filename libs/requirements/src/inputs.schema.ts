import { z } from 'zod';

import { isCalendarDate } from './calendar';
import { APPROVAL_CODES, PROFESSIONS } from './vocabulary';

/**
 * A calendar date `YYYY-MM-DD` that exists (2025-02-29 is rejected). Dates are calendar dates in the practitioner's
 * time zone: a timestamp such as `2026-10-01T00:00:00Z` is refused, because the day it falls on depends on the zone
 * (convert it with `calendarDateIn` first).
 */
export const calendarDateSchema = z.string().refine(isCalendarDate, {
  message:
    'must be a calendar date YYYY-MM-DD (a timestamp is refused: convert it to the calendar date in the practitioner’s time zone)',
});

const stateCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as CA');

export const licenseSchema = z.object({
  /** Two-letter state code, upper case. */
  state: stateCodeSchema,
  number: z.string().min(1),
  /** End of the current license period: the next renewal date. */
  expiresOn: calendarDateSchema,
  /** True when the renewal at `expiresOn` is the license's first renewal. */
  firstRenewal: z.boolean().optional(),
  /** Date of initial licensure; lets the engine count renewals and date one-time requirements. */
  issuedOn: calendarDateSchema.optional(),
  /** Which renewal `expiresOn` is (1 = first). Wins over `firstRenewal` and `issuedOn`. */
  renewalNumber: z.number().int().min(1).optional(),
});

export const boardCertificationSchema = z
  .object({
    /** Board code, e.g. ABA, ABPMR, ABPN, AANPCB, ANCC. */
    board: z.string().min(1),
    /** Specialty code, e.g. pain-medicine, addiction-medicine. */
    specialty: z.string().min(1),
    cycleStart: calendarDateSchema.optional(),
    cycleEnd: calendarDateSchema.optional(),
    /** Date of initial certification (NC deems the CME of the cycle it falls in met; NP periods run from it). */
    certifiedSince: calendarDateSchema.optional(),
    /** Participates in an ABMS/AOA maintenance-of-certification (continuing certification) programme. */
    mocParticipation: z.boolean().optional(),
    /** Holds a certificate without an expiry date (grandfathered). It exempts from nothing by itself. */
    lifetimeCertificate: z.boolean().optional(),
  })
  .refine((b) => !b.cycleStart || !b.cycleEnd || b.cycleStart <= b.cycleEnd, {
    message: 'cycleEnd must not be before cycleStart',
    path: ['cycleEnd'],
  });

export const deaRegistrationSchema = z.object({
  number: z.string().min(1),
  expiresOn: calendarDateSchema,
  /** Date of the initial registration, when known (dates MATE for a new registrant and NY's first 3 hours). */
  registeredOn: calendarDateSchema.optional(),
  /** States the registration covers (two-letter codes); recorded for the service, no bundled rule tests it. */
  states: z.array(stateCodeSchema).optional(),
});

export const practitionerProfileSchema = z.object({
  profession: z.enum(PROFESSIONS),
  /** Primary specialty code, e.g. anesthesiology, pain-medicine, pathology (compared case-insensitively). */
  specialty: z.string().min(1),
  birthMonth: z.number().int().min(1).max(12).nullable().optional(),
  licenses: z.array(licenseSchema),
  boards: z.array(boardCertificationSchema),
  dea: deaRegistrationSchema.nullable(),
  flags: z.object({
    directPatientCare: z.boolean(),
    painClinic: z.boolean(),
    geriatricPractice: z.boolean().optional(),
  }),
  /** Exemption codes the practitioner claims, e.g. `mate-recent-graduate` (each rule lists the codes it honours). */
  exemptions: z.array(z.string().min(1)).optional(),
});

const MAX_CREDIT_AMOUNT = 1000;

/**
 * A credit entry, field by field. It carries no cross-field refinement so that services can still `pick`, `omit`
 * and `partial` it (zod refuses those on refined objects): validate whole entries with `checkedCreditEntrySchema`,
 * or add `checkCreditEntryConsistency` to a schema derived from this one.
 */
export const creditEntrySchema = z.object({
  id: z.string().min(1),
  completedOn: calendarDateSchema,
  /** A credit type code (see CREDIT_TYPES); a type no rule accepts simply counts nowhere. */
  creditType: z.string().min(1),
  amount: z.number().positive().max(MAX_CREDIT_AMOUNT),
  topics: z.array(z.string()),
  /**
   * Hours of this entry's amount that cover a topic (an NP certificate of 2.5 contact hours with 0.5 of
   * pharmacology: `{ pharmacology: 0.5 }`). A topic minimum counts only these hours of the entry; a topic listed
   * in `topics` alone counts the whole amount.
   */
  topicHours: z.record(z.string().min(1), z.number().positive().max(MAX_CREDIT_AMOUNT)).optional(),
  /** Approvals the activity carries (APPROVALS): set by staff on catalog courses, declared for outside ones. */
  approvals: z.array(z.enum(APPROVAL_CODES)).optional(),
  /** Accredited activity id: the same activity on the same day counts once per requirement. */
  activityId: z.string().min(1).optional(),
  voided: z.boolean().optional(),
  /** The ledger flagged this entry as a possible duplicate of that entry id: it counts while that one does not. */
  possibleDuplicateOf: z.string().min(1).optional(),
});

type CreditEntryFields = z.infer<typeof creditEntrySchema>;

/** Cross-field checks of a credit entry: topic hours within the amount, not a duplicate of itself. */
export function checkCreditEntryConsistency(entry: CreditEntryFields, ctx: z.RefinementCtx): void {
  for (const [topic, hours] of Object.entries(entry.topicHours ?? {})) {
    if (hours > entry.amount) {
      ctx.addIssue({
        code: 'custom',
        path: ['topicHours', topic],
        message: `must not exceed the entry's amount (${entry.amount})`,
      });
    }
  }
  if (entry.possibleDuplicateOf === entry.id) {
    ctx.addIssue({
      code: 'custom',
      path: ['possibleDuplicateOf'],
      message: 'an entry cannot be a duplicate of itself',
    });
  }
}

/** creditEntrySchema with its cross-field checks: what the service should validate entries with. */
export const checkedCreditEntrySchema = creditEntrySchema.superRefine(checkCreditEntryConsistency);

export type License = z.infer<typeof licenseSchema>;
export type BoardCertification = z.infer<typeof boardCertificationSchema>;
export type DeaRegistration = z.infer<typeof deaRegistrationSchema>;
export type PractitionerProfile = z.infer<typeof practitionerProfileSchema>;
export type CreditEntry = z.infer<typeof creditEntrySchema>;
