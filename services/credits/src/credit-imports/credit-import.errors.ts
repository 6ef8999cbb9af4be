import { AppException } from '@cme/platform';

/** Every way a whole credit import can be refused besides the CSV ones (`CsvImportErrors`). */
export const CreditImportErrors = {
  notCsv: () =>
    AppException.unsupportedMediaType(
      'import-not-csv',
      'Send the import as text/csv: the header of GET /v1/credit-imports/template.csv, then one credit a row.',
    ),
};
