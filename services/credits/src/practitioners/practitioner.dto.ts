import { text } from '@cme/platform';
import { calendarDateSchema, PROFESSIONS } from '@cme/requirements';
import { z } from 'zod';

import { isValidDeaNumber, isValidNpi } from './practitioner-identifiers';
import { isTimeZone, JURISDICTION_CODES } from './us-jurisdictions';

/** The short names practitioners use for their profession, read as the vocabulary's codes. */
const PROFESSION_ALIASES: Record<string, (typeof PROFESSIONS)[number]> = {
  md: 'physician',
  do: 'osteopathic-physician',
  np: 'nurse-practitioner',
  pa: 'physician-assistant',
  pharmd: 'pharmacist',
};

const professionSchema = z
  .string()
  .transform((value) => {
    const code = value.trim().toLowerCase();
    return PROFESSION_ALIASES[code] ?? code;
  })
  .pipe(z.enum(PROFESSIONS, { error: `must be one of ${PROFESSIONS.join(', ')} (or MD, DO, NP, PA)` }));

/** A code such as `pain-medicine` or `Pain Medicine`: compared case-insensitively, spaces as hyphens. */
const specialtySchema = text({ max: 100 });

export const jurisdictionSchema = z
  .string()
  .transform((value) => value.trim().toUpperCase())
  .pipe(z.enum(JURISDICTION_CODES, { error: 'must be a US state, DC or territory code such as CA' }));

const licenseSchema = z
  .object({
    state: jurisdictionSchema,
    number: text({ max: 40 }),
    issuedOn: calendarDateSchema.optional(),
    /** The end of the current license period: the next renewal date. */
    expiresOn: calendarDateSchema,
    /** Which renewal `expiresOn` is (1 = the first); or just `firstRenewal`. */
    renewalNumber: z.number().int().min(1).max(100).optional(),
    firstRenewal: z.boolean().optional(),
  })
  .strict()
  .superRefine((license, context) => {
    if (license.issuedOn && license.issuedOn >= license.expiresOn) {
      context.addIssue({ code: 'custom', path: ['issuedOn'], message: 'must be before expiresOn' });
    }
    if (license.firstRenewal !== undefined && license.renewalNumber !== undefined) {
      if (license.firstRenewal !== (license.renewalNumber === 1)) {
        context.addIssue({
          code: 'custom',
          path: ['firstRenewal'],
          message: 'contradicts renewalNumber (the first renewal is renewal 1)',
        });
      }
    }
  });

const boardSchema = z
  .object({
    /** Board code: ABA, ABPMR, ABPN, ABIM, …; NP certifiers AANPCB, ANCC, AACN. */
    board: z
      .string()
      .transform((value) => value.trim().toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2,12}$/, 'must be a board code such as ABA')),
    specialty: specialtySchema,
    certifiedSince: calendarDateSchema.optional(),
    cycleStart: calendarDateSchema.optional(),
    cycleEnd: calendarDateSchema.optional(),
    /** Takes part in the board's maintenance-of-certification programme (ABMS or AOA). */
    mocParticipation: z.boolean().optional(),
    /** Holds a time-unlimited ("lifetime") certificate. */
    lifetimeCertificate: z.boolean().optional(),
  })
  .strict()
  .superRefine((board, context) => {
    if (board.cycleStart && board.cycleEnd && board.cycleStart >= board.cycleEnd) {
      context.addIssue({ code: 'custom', path: ['cycleEnd'], message: 'must be after cycleStart' });
    }
  });

const deaSchema = z
  .object({
    number: z
      .string()
      .transform((value) => value.trim().toUpperCase())
      .refine(isValidDeaNumber, 'must be a DEA registration number with a valid check digit, e.g. AB1234563'),
    registeredOn: calendarDateSchema.optional(),
    expiresOn: calendarDateSchema,
    /** States the registration covers (a registration is per state of practice). */
    states: z.array(jurisdictionSchema).max(60).optional(),
  })
  .strict()
  .superRefine((dea, context) => {
    if (dea.registeredOn && dea.registeredOn >= dea.expiresOn) {
      context.addIssue({ code: 'custom', path: ['registeredOn'], message: 'must be before expiresOn' });
    }
  });

/** Days in each month, February allowing the 29th (a birthday, not a date of a given year). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The body of `PUT /v1/practitioners/me`: the whole profile (absent optional fields are removed). */
export const PractitionerProfileInputSchema = z
  .object({
    name: text({ max: 200 }),
    /** Where reminders go; without it, the address of the practitioner's identity (if it has a plain one). */
    email: z.email().max(254).optional(),
    profession: professionSchema,
    specialty: specialtySchema,
    npi: z.string().trim().refine(isValidNpi, 'must be a 10-digit NPI with a valid check digit').optional(),
    birthMonth: z.number().int().min(1).max(12).optional(),
    /** Where a state's license period starts on the birthday. */
    birthDay: z.number().int().min(1).max(31).optional(),
    /** IANA time zone (America/Chicago); without it, the first license's state's. */
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago').optional(),
    licenses: z.array(licenseSchema).max(60).default([]),
    boards: z.array(boardSchema).max(20).default([]),
    dea: deaSchema.nullable().default(null),
    flags: z
      .object({
        directPatientCare: z.boolean().default(false),
        painClinic: z.boolean().default(false),
        geriatricPractice: z.boolean().optional(),
      })
      .strict()
      .default({ directPatientCare: false, painClinic: false }),
    /** Exemption codes the practitioner claims (each rule lists the ones it honours). */
    exemptions: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be an exemption code such as mate-recent-graduate'),
      )
      .max(20)
      .optional(),
  })
  .strict()
  .superRefine((profile, context) => {
    if (profile.birthDay !== undefined) {
      if (profile.birthMonth === undefined) {
        context.addIssue({ code: 'custom', path: ['birthMonth'], message: 'is needed with birthDay' });
      } else if (profile.birthDay > DAYS_IN_MONTH[profile.birthMonth - 1]) {
        context.addIssue({ code: 'custom', path: ['birthDay'], message: 'is not a day of birthMonth' });
      }
    }
    // A license number is the same whatever the case it is typed in (G12345, g12345).
    const licenseKey = (license: { state: string; number: string }) =>
      `${license.state} ${license.number.toUpperCase()}`;
    profile.licenses.forEach((license, index) => {
      const first = profile.licenses.findIndex((other) => licenseKey(other) === licenseKey(license));
      if (first < index) {
        context.addIssue({
          code: 'custom',
          path: ['licenses', index, 'number'],
          message: `same license as licenses[${first}]`,
        });
      }
    });
  });

export type PractitionerProfileInput = z.infer<typeof PractitionerProfileInputSchema>;

export const PractitionerIdSchema = z.string().min(1).max(200);
