import { AppException, type FieldError } from '@cme/platform';

/** Every way recording a credit can be refused, with its code. */
export const LedgerErrors = {
  courseNotInCatalog: () =>
    AppException.unprocessable('course-not-in-catalog', 'The course is not in the catalog.', [
      { path: 'courseId', message: 'no published catalog course has this id' },
    ]),
  claimExceedsCourse: (errors: FieldError[]) =>
    AppException.unprocessable(
      'claim-exceeds-course',
      'The claim exceeds what the course designates.',
      errors,
    ),
};
