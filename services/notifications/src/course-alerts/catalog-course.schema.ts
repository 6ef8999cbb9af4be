import { type CourseSnapshot } from '@cme/contracts';
import { Schema } from 'mongoose';

export const CATALOG_COURSE_MODEL = 'CatalogCourse';

/**
 * The notifications service's copy of a catalog course, from course events (newest version only): what a
 * course alert matches against a practitioner's gaps and shows them.
 */
export type CatalogCourseDocument = Pick<
  CourseSnapshot,
  | 'version'
  | 'status'
  | 'title'
  | 'format'
  | 'topics'
  | 'credits'
  | 'professions'
  | 'approvals'
  | 'startsOn'
  | 'endsOn'
  | 'availableUntil'
  | 'url'
> & { _id: string; provider: string; publishedAt?: Date; updatedAt: Date };

export const CatalogCourseSchema = new Schema<CatalogCourseDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    title: { type: String, required: true },
    provider: { type: String, required: true },
    format: { type: String, required: true },
    topics: [String],
    // As the catalog event carries them, validated by the event's contract.
    credits: { type: Schema.Types.Mixed, required: true },
    professions: [String],
    approvals: [String],
    startsOn: String,
    endsOn: String,
    availableUntil: String,
    url: String,
    publishedAt: Date,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'catalog_courses', versionKey: false },
);
