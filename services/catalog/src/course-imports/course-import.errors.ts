import { AppException } from '@cme/platform';

/** Every way a whole import can be refused besides the CSV ones (`CsvImportErrors`); rows fail in the summary. */
export const CourseImportErrors = {
  notImportable: () =>
    AppException.validation('import-body-invalid', 'Send a JSON array of courses, or a text/csv file.'),
};
