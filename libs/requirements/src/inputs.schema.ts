import { z } from 'zod';

import { isCalendarDate } from './calendar';
import { PROFESSIONS } from './vocabulary';

/** A calendar date `YYYY-MM-DD` that exists (2025-02-29 is rejected). */
export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD' });

export const licenseSchema = z.object({
  /** Two-letter state code, upper case. */
  state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as CA'),
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
  })
  .refine((b) => !b.cycleStart || !b.cycleEnd || b.cycleStart <= b.cycleEnd, {
    message: 'cycleEnd must not be before cycleStart',
    path: ['cycleEnd'],
  });

export const deaRegistrationSchema = z.object({
  number: z.string().min(1),
  expiresOn: calendarDateSchema,
  /** Date of the initial registration, when known (dates the MATE attestation of a new registrant). */
  registeredOn: calendarDateSchema.optional(),
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

export const creditEntrySchema = z.object({
  id: z.string().min(1),
  completedOn: calendarDateSchema,
  /** A credit type code (see CREDIT_TYPES); a type no rule accepts simply counts nowhere. */
  creditType: z.string().min(1),
  amount: z.number().positive().max(1000),
  topics: z.array(z.string()),
  /** Accredited activity id: the same activity on the same day counts once per requirement. */
  activityId: z.string().min(1).optional(),
  voided: z.boolean().optional(),
});

export type License = z.infer<typeof licenseSchema>;
export type BoardCertification = z.infer<typeof boardCertificationSchema>;
export type DeaRegistration = z.infer<typeof deaRegistrationSchema>;
export type PractitionerProfile = z.infer<typeof practitionerProfileSchema>;
export type CreditEntry = z.infer<typeof creditEntrySchema>;
