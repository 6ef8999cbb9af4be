import { type CourseSnapshot } from '@cme/contracts';
import { Schema } from 'mongoose';

export const COURSE_VERSION_MODEL = 'CourseVersion';

/**
 * One version of a course, written before the course document changes to it. Its `_id` (course id and
 * version) is unique, so of several writers that read the same version exactly one can claim the next:
 * FerretDB applies an update as a read-modify-write without isolation, which lets concurrent conditional
 * updates of one document all succeed, while an insert of a duplicate `_id` always fails.
 */
export interface CourseVersionDocument {
  _id: string;
  courseId: string;
  version: number;
  claimedAt: Date;
  snapshot: CourseSnapshot;
}

export const CourseVersionSchema = new Schema<CourseVersionDocument>(
  {
    _id: { type: String, required: true },
    courseId: { type: String, required: true },
    version: { type: Number, required: true },
    claimedAt: { type: Date, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'course_versions', versionKey: false },
);

export function courseVersionId(courseId: string, version: number): string {
  return `${courseId}:v${version}`;
}
