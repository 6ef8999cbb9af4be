import { AppException, type FieldError } from '@cme/platform';

/** Every way a whole import can be refused (single rows fail inside the summary instead). */
export const CourseImportErrors = {
  headerInvalid: (errors: FieldError[]) =>
    AppException.validation(
      'import-header-invalid',
      'The CSV header does not match the import format.',
      errors,
    ),
  notImportable: () =>
    AppException.validation('import-body-invalid', 'Send a JSON array of courses, or a text/csv file.'),
  tooLarge: (limitBytes: number) =>
    AppException.payloadTooLarge('import-too-large', `An import is limited to ${limitBytes} bytes.`),
};
