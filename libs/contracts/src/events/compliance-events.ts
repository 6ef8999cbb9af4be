import { z } from 'zod';

import { Topics } from '../topics';

const calendarDate = z.iso.date();

export const RequirementStatusSchema = z.enum(['met', 'on-track', 'at-risk', 'unattainable', 'overdue']);

/** A catalog course that would close part of a gap, as reminders show it. */
export const RecommendedCourseSchema = z
  .object({
    courseId: z.string().min(1),
    title: z.string().min(1),
    /** Hours of this requirement's open gap the course would close. */
    hours: z.number().nonnegative(),
    url: z.string().optional(),
  })
  .strict();

/** Where one requirement stands for the practitioner: enough for a reminder, nothing more. */
export const RequirementStandingSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    status: RequirementStatusSchema,
    deadline: calendarDate,
    cycle: z.object({ start: calendarDate.nullable(), end: calendarDate }).strict(),
    required: z.number().nonnegative(),
    earned: z.number().nonnegative(),
    remaining: z.number().nonnegative(),
    /** Hours still needed per component (totals, categories, topics); caps are not gaps and are left out. */
    components: z
      .array(
        z
          .object({
            name: z.string().min(1),
            kind: z.enum(['total', 'category', 'topic']),
            required: z.number().nonnegative(),
            remaining: z.number().nonnegative(),
          })
          .strict(),
      )
      .default([]),
    /** Up to three catalog courses that would close this requirement's gap, best first. */
    recommendedCourses: z.array(RecommendedCourseSchema).max(3).default([]),
  })
  .strict();

/**
 * The practitioner's compliance after a change (profile, credit, rule packs), published only when it differs
 * from the last published one. Notifications schedule reminders from this event alone.
 */
export const ComplianceEvaluatedSchema = z
  .object({
    practitionerId: z.string().min(1),
    /** Grows by one with every published evaluation of this practitioner: consumers keep the newest. */
    version: z.number().int().positive(),
    evaluatedAt: z.iso.datetime({ offset: true }),
    /** The practitioner's calendar date the evaluation was made for. */
    asOf: calendarDate,
    /** The rule packs' combined version, so a re-evaluation after a rule change can be told apart. */
    rulesVersion: z.string().min(1),
    requirements: z.array(RequirementStandingSchema),
    /** What the profile names that no rule pack covers: nothing is known about it, not "nothing is due". */
    notCovered: z
      .array(
        z
          .object({
            kind: z.enum(['license', 'board', 'registration']),
            code: z.string(),
            detail: z.string(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type RequirementStanding = z.infer<typeof RequirementStandingSchema>;
export type ComplianceEvaluated = z.infer<typeof ComplianceEvaluatedSchema>;

export const ComplianceEventTypes = {
  evaluated: 'cme.credits.compliance.evaluated.v1',
} as const;

export const complianceEvents = {
  [ComplianceEventTypes.evaluated]: { topic: Topics.compliance, data: ComplianceEvaluatedSchema },
} as const;
