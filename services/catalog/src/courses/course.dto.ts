import { z } from 'zod';

export const ACCREDITORS = ['ACCME', 'ACPE', 'ANCC', 'AOA'] as const;
export const COURSE_FORMATS = [
  'live',
  'enduring',
  'journal',
  'rss',
  'internet-live',
  'internet-enduring',
  'performance-improvement',
] as const;
export const PROFESSIONS = ['physician', 'nurse-practitioner', 'pharmacist'] as const;

/** The body of `POST /v1/courses`: a draft course. */
export const CreateCourseSchema = z
  .object({
    title: z.string().trim().min(3).max(300),
    summary: z.string().trim().max(5000).optional(),
    provider: z
      .object({
        name: z.string().trim().min(1).max(200),
        accreditor: z.enum(ACCREDITORS),
        accreditationId: z.string().trim().max(100).optional(),
      })
      .strict(),
    format: z.enum(COURSE_FORMATS),
    topics: z
      .array(z.string().regex(/^[a-z][a-z-]{1,50}$/))
      .max(20)
      .default([]),
    credits: z
      .array(
        z
          .object({
            type: z.string().regex(/^[A-Z][A-Z0-9_]{1,40}$/),
            amount: z.number().positive().max(100),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    professions: z.array(z.enum(PROFESSIONS)).max(PROFESSIONS.length).default([]),
    startsOn: z.iso.date().optional(),
    endsOn: z.iso.date().optional(),
    availableUntil: z.iso.date().optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    location: z.string().trim().max(300).optional(),
  })
  .strict();

export type CreateCourse = z.infer<typeof CreateCourseSchema>;

export const CourseIdSchema = z.uuid();
