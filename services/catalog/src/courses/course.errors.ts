import { AppException, type FieldError } from '@cme/platform';

/** Every way a course request can fail, with its code; the status follows from the kind. */
export const CourseErrors = {
  notFound: (id: string) => AppException.notFound('course-not-found', `Course ${id} does not exist.`),
  notDraft: (id: string, status: string) =>
    AppException.conflict('course-not-draft', `Course ${id} is ${status}; only a draft can be published.`),
  notPublished: (id: string, status: string) =>
    AppException.conflict(
      'course-not-published',
      `Course ${id} is ${status}; only a published course can be retired.`,
    ),
  retired: (id: string) =>
    AppException.conflict('course-retired', `Course ${id} is retired; a retired course cannot be changed.`),
  changedMeanwhile: (id: string) =>
    AppException.conflict(
      'course-changed',
      `Course ${id} was changed by someone else meanwhile; read it again.`,
    ),
  invalidAfterChange: (errors: FieldError[]) =>
    AppException.validation('course-invalid', 'The course would be invalid after this change.', errors),
  statusNotListable: (status: string) =>
    AppException.forbidden('course-status-staff-only', `Only staff may list ${status} courses.`),
  cursorInvalid: () =>
    AppException.validation('cursor-invalid', 'The cursor is invalid.', [
      { path: 'cursor', message: 'use the nextCursor of a previous page' },
    ]),
  catalogLoading: () =>
    AppException.unavailable('catalog-loading', 'The catalog is still loading; try again shortly.'),
};
