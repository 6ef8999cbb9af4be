import { z } from 'zod';

import { Topics } from '../topics';

const calendarDate = z.iso.date();

export const CourseStatusSchema = z.enum(['draft', 'published', 'retired']);

export const CreditDesignationSchema = z
  .object({
    type: z.string().min(1),
    amount: z.number().positive(),
  })
  .strict();

/** The full course snapshot carried by every catalog event, so consumers never need to ask the catalog. */
export const CourseSnapshotSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    status: CourseStatusSchema,
    /** Imported courses: the id the importing system knows the course by (added in v1, optional). */
    externalId: z.string().min(1).optional(),
    title: z.string().min(1),
    summary: z.string().optional(),
    provider: z
      .object({
        name: z.string().min(1),
        accreditor: z.string().min(1),
        accreditationId: z.string().optional(),
      })
      .strict(),
    format: z.string().min(1),
    topics: z.array(z.string()),
    credits: z.array(CreditDesignationSchema).min(1),
    professions: z.array(z.string()),
    /** Approvals beyond accreditation that staff set (a state board's approved course; added in v1, optional). */
    approvals: z.array(z.string()).optional(),
    startsOn: calendarDate.optional(),
    endsOn: calendarDate.optional(),
    availableUntil: calendarDate.optional(),
    url: z.string().optional(),
    location: z.string().optional(),
    publishedAt: z.iso.datetime({ offset: true }).optional(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type CourseSnapshot = z.infer<typeof CourseSnapshotSchema>;

export const CourseEventTypes = {
  published: 'cme.catalog.course.published.v1',
  updated: 'cme.catalog.course.updated.v1',
  retired: 'cme.catalog.course.retired.v1',
} as const;

/** Any catalog course event: each carries the full snapshot. */
export type CourseEventType = (typeof CourseEventTypes)[keyof typeof CourseEventTypes];

export const courseEvents = {
  [CourseEventTypes.published]: { topic: Topics.courses, data: CourseSnapshotSchema },
  [CourseEventTypes.updated]: { topic: Topics.courses, data: CourseSnapshotSchema },
  [CourseEventTypes.retired]: { topic: Topics.courses, data: CourseSnapshotSchema },
} as const;
