import { CourseStatusSchema } from '@cme/contracts';
import { text } from '@cme/platform';
import { APPROVAL_CODES, CREDIT_TYPE_CODES, PROFESSIONS, TOPIC_CODES } from '@cme/requirements';
import { z } from 'zod';

import { type CourseContent, OPTIONAL_CONTENT_FIELDS } from './course';
import { courseRuleViolations } from './course-rules';

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

const providerSchema = z
  .object({
    name: text({ max: 200 }),
    accreditor: z.enum(ACCREDITORS),
    accreditationId: text({ max: 100 }).optional(),
  })
  .strict();

/** Every field a course's content has; `version`, `status` and the dates of its lifecycle are not content. */
const courseFields = {
  title: text({ min: 3, max: 300 }),
  summary: text({ max: 5000, multiline: true }).optional(),
  provider: providerSchema,
  format: z.enum(COURSE_FORMATS),
  topics: z.array(z.enum(TOPIC_CODES)).max(20).default([]),
  credits: z
    .array(z.object({ type: z.enum(CREDIT_TYPE_CODES), amount: z.number().positive() }).strict())
    .min(1)
    .max(10),
  professions: z.array(z.enum(PROFESSIONS)).max(PROFESSIONS.length).default([]),
  approvals: z.array(z.enum(APPROVAL_CODES)).max(APPROVAL_CODES.length).default([]),
  startsOn: z.iso.date().optional(),
  endsOn: z.iso.date().optional(),
  availableUntil: z.iso.date().optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  location: text({ max: 300 }).optional(),
};

function withCourseRules<Schema extends z.ZodType<Parameters<typeof courseRuleViolations>[0]>>(
  schema: Schema,
) {
  return schema.superRefine((course, context) => {
    for (const { path, message } of courseRuleViolations(course)) {
      context.addIssue({ code: 'custom', path, message });
    }
  });
}

/** The body of `POST /v1/courses`, and what a course's content must satisfy after every change. */
export const CourseContentSchema = withCourseRules(z.object(courseFields).strict());

/**
 * The body of `PATCH /v1/courses/{id}`: the fields to change; `null` removes an optional field. The merged
 * course is validated again as a whole with {@link CourseContentSchema}.
 */
export const CoursePatchSchema = z
  .object({
    ...courseFields,
    topics: courseFields.topics.unwrap().optional(),
    professions: courseFields.professions.unwrap().optional(),
    approvals: courseFields.approvals.unwrap().optional(),
    ...Object.fromEntries(OPTIONAL_CONTENT_FIELDS.map((field) => [field, courseFields[field].nullable()])),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' });

export type CoursePatch = { [Field in keyof CourseContent]?: CourseContent[Field] | null };

/** One course of `POST /v1/course-imports`: the content plus the id the importing system knows it by. */
export const ImportedCourseSchema = withCourseRules(
  z
    .object({
      externalId: z
        .string()
        .trim()
        .regex(/^[\w.:/-]{1,100}$/, 'up to 100 letters, digits and . _ : / -'),
      ...courseFields,
    })
    .strict(),
);

export type ImportedCourse = z.infer<typeof ImportedCourseSchema>;

export const CourseIdSchema = z.uuid();

/** `GET /v1/courses`: every filter is an exact value from a vocabulary; `q` is only ever split into words. */
export const CourseSearchSchema = z
  .object({
    q: z.string().max(200).optional(),
    topic: z.enum(TOPIC_CODES).optional(),
    creditType: z.enum(CREDIT_TYPE_CODES).optional(),
    format: z.enum(COURSE_FORMATS).optional(),
    profession: z.enum(PROFESSIONS).optional(),
    availableOn: z.iso.date().optional(),
    status: CourseStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type CourseSearch = z.infer<typeof CourseSearchSchema>;
