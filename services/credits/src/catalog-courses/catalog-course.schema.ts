import { type CourseSnapshot } from '@cme/contracts';
import { Schema } from 'mongoose';

export const CATALOG_COURSE_MODEL = 'CatalogCourse';

/** The credits service's own copy of a catalog course, kept from catalog events to validate claims. */
export interface CatalogCourseDocument {
  _id: string;
  version: number;
  status: CourseSnapshot['status'];
  title: string;
  topics: string[];
  credits: { type: string; amount: number }[];
  professions: string[];
  format: string;
  updatedAt: Date;
}

export const CatalogCourseSchema = new Schema<CatalogCourseDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    title: { type: String, required: true },
    topics: [String],
    credits: [new Schema({ type: String, amount: Number }, { _id: false })],
    professions: [String],
    format: String,
    updatedAt: Date,
  },
  { collection: 'catalog_courses', versionKey: false },
);
