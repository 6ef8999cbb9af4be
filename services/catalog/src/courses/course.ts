import { type CourseSnapshot } from '@cme/contracts';

export type CourseStatus = CourseSnapshot['status'];

/** What staff write about a course: everything but its identity and its place in the lifecycle. */
export interface CourseContent {
  title: string;
  summary?: string;
  provider: { name: string; accreditor: string; accreditationId?: string };
  format: string;
  topics: string[];
  credits: { type: string; amount: number }[];
  professions: string[];
  /**
   * Approvals a board or state gives this course (`fl-board-approved-controlled-substance`, …), set by staff: a topic
   * mandate that accepts only an approved course counts a credit for it only when its course carries one.
   */
  approvals: string[];
  startsOn?: string;
  endsOn?: string;
  availableUntil?: string;
  url?: string;
  location?: string;
}

/** Content fields in the order the API shows them; the optional ones can be removed by a change. */
export const CONTENT_FIELDS = [
  'title',
  'summary',
  'provider',
  'format',
  'topics',
  'credits',
  'professions',
  'approvals',
  'startsOn',
  'endsOn',
  'availableUntil',
  'url',
  'location',
] as const satisfies readonly (keyof CourseContent)[];

export const OPTIONAL_CONTENT_FIELDS = [
  'summary',
  'startsOn',
  'endsOn',
  'availableUntil',
  'url',
  'location',
] as const satisfies readonly (keyof CourseContent)[];

/**
 * The course aggregate. `version` grows by one with every change, so consumers of its snapshots can order
 * them; a change is written only if the stored version is still the one it was made from.
 */
export interface Course {
  id: string;
  version: number;
  status: CourseStatus;
  /** Imported courses only: the id the importing system knows the course by. */
  externalId?: string;
  content: CourseContent;
  publishedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** The content in API field order, absent optional fields left out, nested values copied. */
export function normalizedContent(content: CourseContent): CourseContent {
  const copy: Record<string, unknown> = {};
  for (const field of CONTENT_FIELDS) {
    const value = content[field];
    if (value !== undefined && value !== null) copy[field] = value;
  }
  const { provider } = content;
  return {
    ...(copy as unknown as CourseContent),
    provider: {
      name: provider.name,
      accreditor: provider.accreditor,
      ...(provider.accreditationId && { accreditationId: provider.accreditationId }),
    },
    topics: [...content.topics],
    credits: content.credits.map(({ type, amount }) => ({ type, amount })),
    professions: [...content.professions],
    // Courses stored before approvals existed have none.
    approvals: [...(content.approvals ?? [])],
  };
}

export function sameContent(a: CourseContent, b: CourseContent): boolean {
  return JSON.stringify(normalizedContent(a)) === JSON.stringify(normalizedContent(b));
}

/** The course as the API and the catalog events show it. */
export function toCourseSnapshot(course: Course): CourseSnapshot {
  return {
    id: course.id,
    version: course.version,
    status: course.status,
    ...(course.externalId && { externalId: course.externalId }),
    ...normalizedContent(course.content),
    ...(course.publishedAt && { publishedAt: course.publishedAt.toISOString() }),
    updatedAt: course.updatedAt.toISOString(),
  };
}
