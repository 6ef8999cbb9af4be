import { type Caller, isStaff } from '@cme/platform';

import { type Course } from './course';
import { CourseErrors } from './course.errors';

/**
 * Who sees which courses: published and retired ones are everyone's (retired courses still back the credits
 * claimed for them); drafts are staff's alone, and to anyone else they do not exist.
 */
export const CourseAccessPolicy = {
  /** Throws 403 when the caller may not list courses of this status. */
  assertMayList(caller: Caller, status: Course['status']): void {
    if (status !== 'published' && !isStaff(caller)) throw CourseErrors.statusNotListable(status);
  },

  /** The course if the caller may see it; 404 otherwise, as if it did not exist. */
  visible(caller: Caller, id: string, course: Course | null): Course {
    if (!course || (course.status === 'draft' && !isStaff(caller))) throw CourseErrors.notFound(id);
    return course;
  },
};
