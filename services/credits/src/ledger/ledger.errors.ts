import { AppException, type FieldError } from '@cme/platform';

/** Every way a ledger request can be refused, with its code. */
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
  completedInTheFuture: (today: string) =>
    AppException.validation('completed-in-the-future', 'A credit cannot be completed after today.', [
      { path: 'completedOn', message: `must not be after ${today}, today in your time zone` },
    ]),
  certificateNotFound: () =>
    AppException.unprocessable('certificate-not-found', 'The certificate is not on file.', [
      { path: 'certificateId', message: 'upload it first with POST /v1/practitioners/me/certificates' },
    ]),
  idempotencyKeyReused: () =>
    AppException.unprocessable(
      'idempotency-key-reused',
      'This Idempotency-Key was used with a different request; nothing was recorded. Use a new key for a new credit.',
      [{ path: 'Idempotency-Key', message: 'already used for another request body' }],
    ),
  notFound: (id: string) => AppException.notFound('credit-not-found', `Credit ${id} is not in this ledger.`),
  voided: (id: string) =>
    AppException.conflict('credit-voided', `Credit ${id} is voided; a voided credit cannot be corrected.`),
  catalogDetailsFixed: () =>
    AppException.validation(
      'catalog-activity-fixed',
      "A catalog course's details come from the catalog; correct the date, amounts or certificate instead.",
      [{ path: 'activity', message: 'cannot be corrected on a catalog claim' }],
    ),
  notFlaggedAsDuplicate: (id: string) =>
    AppException.conflict('credit-not-flagged', `Credit ${id} is not flagged as a possible duplicate.`),
  changedMeanwhile: (id: string) =>
    AppException.conflict(
      'credit-changed',
      `Credit ${id} was changed by another request meanwhile; read it again.`,
    ),
  cursorInvalid: () =>
    AppException.validation('cursor-invalid', 'The cursor is invalid.', [
      { path: 'cursor', message: 'use the nextCursor of a previous page' },
    ]),
};
