import { z } from 'zod';

import { Topics } from '../topics';

const calendarDate = z.iso.date();

/**
 * A practitioner's profile as every credits event about it carries it, in full: consumers keep their own copy
 * (notifications: where and when to email) and never ask the credits service.
 */
export const PractitionerSnapshotSchema = z
  .object({
    id: z.string().min(1),
    /** Grows by one with every change: consumers keep the newest. */
    version: z.number().int().positive(),
    name: z.string().min(1),
    /** Where mail goes; absent when neither the profile nor the practitioner's identity gives one. */
    email: z.email().optional(),
    profession: z.string().min(1),
    specialty: z.string().min(1),
    npi: z
      .string()
      .regex(/^\d{10}$/)
      .optional(),
    birthMonth: z.number().int().min(1).max(12).optional(),
    birthDay: z.number().int().min(1).max(31).optional(),
    /** IANA time zone: calendar dates (deadlines, reminders at 09:00) are the practitioner's. */
    timezone: z.string().min(1),
    licenses: z.array(
      z
        .object({
          state: z.string().length(2),
          number: z.string().min(1),
          issuedOn: calendarDate.optional(),
          expiresOn: calendarDate,
          renewalNumber: z.number().int().positive().optional(),
          firstRenewal: z.boolean().optional(),
        })
        .strict(),
    ),
    boards: z.array(
      z
        .object({
          board: z.string().min(1),
          specialty: z.string().min(1),
          certifiedSince: calendarDate.optional(),
          cycleStart: calendarDate.optional(),
          cycleEnd: calendarDate.optional(),
          mocParticipation: z.boolean().optional(),
          lifetimeCertificate: z.boolean().optional(),
        })
        .strict(),
    ),
    dea: z
      .object({
        number: z.string().min(1),
        registeredOn: calendarDate.optional(),
        expiresOn: calendarDate,
        states: z.array(z.string().length(2)).optional(),
      })
      .strict()
      .nullable(),
    flags: z
      .object({
        directPatientCare: z.boolean(),
        painClinic: z.boolean(),
        geriatricPractice: z.boolean().optional(),
      })
      .strict(),
    exemptions: z.array(z.string().min(1)).optional(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type PractitionerSnapshot = z.infer<typeof PractitionerSnapshotSchema>;

export const PractitionerEventTypes = {
  registered: 'cme.credits.practitioner.registered.v1',
  updated: 'cme.credits.practitioner.updated.v1',
} as const;

export const practitionerEvents = {
  [PractitionerEventTypes.registered]: { topic: Topics.practitioners, data: PractitionerSnapshotSchema },
  [PractitionerEventTypes.updated]: { topic: Topics.practitioners, data: PractitionerSnapshotSchema },
} as const;
