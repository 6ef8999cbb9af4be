import { Schema } from 'mongoose';

import { type CatalogCourse } from './catalog-course.repository';

export const CATALOG_COURSE_MODEL = 'CatalogCourse';

/** The credits service's own copy of a catalog course, kept from catalog events (`_id` is the course id). */
export type CatalogCourseDocument = Omit<CatalogCourse, 'id'> & { _id: string };

export const CatalogCourseSchema = new Schema<CatalogCourseDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    title: { type: String, required: true },
    // As the catalog event carries them, validated by the event's contract.
    provider: { type: Schema.Types.Mixed, required: true },
    format: { type: String, required: true },
    topics: [String],
    credits: { type: Schema.Types.Mixed, required: true },
    professions: [String],
    startsOn: String,
    endsOn: String,
    availableUntil: String,
    url: String,
    approvals: [String],
    updatedAt: { type: Date, required: true },
  },
  { collection: 'catalog_courses', versionKey: false },
);

// Recommendations read the published courses a profession can take.
CatalogCourseSchema.index({ status: 1, professions: 1 });
