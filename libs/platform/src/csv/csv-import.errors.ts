import { AppException, type FieldError } from '../errors/app-exception';

/** Every way a whole CSV import can be refused (single rows fail inside the import's summary instead). */
export const CsvImportErrors = {
  headerInvalid: (errors: FieldError[]) =>
    AppException.validation(
      'import-header-invalid',
      'The CSV header does not match the import format.',
      errors,
    ),
  tooLarge: (limitBytes: number) =>
    AppException.payloadTooLarge('import-too-large', `An import is limited to ${limitBytes} bytes.`),
};
