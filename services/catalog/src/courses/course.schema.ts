import { type DomainEvent } from '@cme/contracts';
import { outboxSchemaField } from '@cme/messaging';
import { type Topic, TOPICS } from '@cme/requirements';
import { Schema } from 'mongoose';

import { type CourseContent, type CourseStatus } from './course';
import { courseKeywords } from './course-keywords';

export const COURSE_MODEL = 'Course';

/** Stand-ins for an open end of a course's availability, so that `availableOn` is two range conditions. */
const ALWAYS_FROM = '0000-01-01';
const ALWAYS_TO = '9999-12-31';

/** Fields kept only to answer searches; derived from the content on every write, never shown. */
export interface CourseSearchFields {
  keywords: string[];
  /** First and last day the course can be taken: `startsOn`, and `endsOn` or `availableUntil`. */
  availableFrom: string;
  availableTo: string;
}

/** A course as stored: its content flattened beside its lifecycle, search fields and outbox. */
export interface CourseDocument extends CourseContent, CourseSearchFields {
  _id: string;
  version: number;
  status: CourseStatus;
  externalId?: string;
  publishedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Events caused by the last changes, published and cleared by the outbox relay. */
  outbox: DomainEvent[];
}

const creditDesignation = new Schema({ type: String, amount: Number }, { _id: false });

export const CourseSchema = new Schema<CourseDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true, enum: ['draft', 'published', 'retired'] },
    externalId: String,
    title: { type: String, required: true },
    summary: String,
    provider: {
      name: { type: String, required: true },
      accreditor: { type: String, required: true },
      accreditationId: String,
    },
    format: { type: String, required: true },
    topics: [String],
    credits: [creditDesignation],
    professions: [String],
    approvals: [String],
    startsOn: String,
    endsOn: String,
    availableUntil: String,
    url: String,
    location: String,
    keywords: [String],
    availableFrom: { type: String, required: true },
    availableTo: { type: String, required: true },
    publishedAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaField,
  },
  { collection: 'courses', versionKey: false, minimize: false },
);

// One index per search filter, each led by status (every search names one) and ending in the sort key, so
// that MongoDB walks a filter's matches already in page order. Each holds at most one array (multikey) field.
for (const field of [undefined, 'keywords', 'topics', 'credits.type', 'format', 'professions']) {
  CourseSchema.index({ status: 1, ...(field && { [field]: 1 }), publishedAt: -1, _id: -1 });
}
// Drafts (staff only, few) are listed by creation.
CourseSchema.index({ status: 1, createdAt: -1, _id: -1 });

/** The search fields of a course's content; stored beside it in the same write, and held by the search index. */
export function courseSearchFields(
  content: Pick<
    CourseContent,
    'title' | 'summary' | 'provider' | 'topics' | 'startsOn' | 'endsOn' | 'availableUntil'
  >,
): CourseSearchFields {
  return {
    keywords: courseKeywords({
      title: content.title,
      providerName: content.provider.name,
      body: [content.summary ?? '', ...content.topics.map((topic) => TOPICS[topic as Topic] ?? '')],
    }),
    availableFrom: content.startsOn ?? ALWAYS_FROM,
    availableTo: content.endsOn ?? content.availableUntil ?? ALWAYS_TO,
  };
}
