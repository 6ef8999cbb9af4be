import { type CourseSnapshot, type DomainEvent } from '@cme/contracts';
import { outboxSchemaField } from '@cme/messaging';
import { Schema } from 'mongoose';

export const COURSE_MODEL = 'Course';

export interface CourseDocument extends Omit<CourseSnapshot, 'id' | 'publishedAt' | 'updatedAt'> {
  _id: string;
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
    startsOn: String,
    endsOn: String,
    availableUntil: String,
    url: String,
    location: String,
    publishedAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaField,
  },
  { collection: 'courses', versionKey: false, minimize: false },
);

CourseSchema.index({ status: 1, updatedAt: -1 });

/** The course as the API and the catalog events show it. */
export function toCourseSnapshot(course: Omit<CourseDocument, 'outbox'>): CourseSnapshot {
  return {
    id: course._id,
    version: course.version,
    status: course.status,
    title: course.title,
    ...(course.summary !== undefined && { summary: course.summary }),
    provider: {
      name: course.provider.name,
      accreditor: course.provider.accreditor,
      ...(course.provider.accreditationId !== undefined && {
        accreditationId: course.provider.accreditationId,
      }),
    },
    format: course.format,
    topics: [...course.topics],
    credits: course.credits.map(({ type, amount }) => ({ type, amount })),
    professions: [...course.professions],
    ...(course.startsOn && { startsOn: course.startsOn }),
    ...(course.endsOn && { endsOn: course.endsOn }),
    ...(course.availableUntil && { availableUntil: course.availableUntil }),
    ...(course.url && { url: course.url }),
    ...(course.location && { location: course.location }),
    ...(course.publishedAt && { publishedAt: course.publishedAt.toISOString() }),
    updatedAt: course.updatedAt.toISOString(),
  };
}
