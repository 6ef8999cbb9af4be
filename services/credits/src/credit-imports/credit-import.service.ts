import { AppException, type Caller, type CsvRow, FailedRows, type FieldError } from '@cme/platform';
import { Inject, Injectable } from '@nestjs/common';

import { type OutsideCredit } from '../ledger/credit-entry.dto';
import { digestOfRequest, LedgerService } from '../ledger/ledger.service';
import { type CreditImportColumn, columnErrors, creditOfRow } from './credit-import-format';

/**
 * What an import did with each row; every row read is counted once in `created`, `duplicates` or
 * `failedCount`.
 */
export interface CreditImportSummary {
  /** Rows recorded as new credits. */
  created: number;
  /**
   * Rows that repeat a credit already in the ledger: recorded now but flagged `possibleDuplicateOf` (they
   * count once until confirmed distinct), or recorded by an earlier upload of the same row (nothing new).
   */
  duplicates: number;
  /** Of `duplicates`, the rows an earlier upload recorded: re-uploading a file records nothing new. */
  alreadyImported: number;
  /** The first failures, in row order, with errors named by column; `failedCount` counts them all. */
  failed: { row: number; errors: FieldError[] }[];
  failedCount: number;
}

/**
 * The Idempotency-Key of a row: the ledger's digest of its validated credit. The ledger names an entry by its
 * practitioner and key, so the same row uploaded again by the same practitioner answers the entry recorded the
 * first time, and a row that differs in any value is a new credit.
 */
function importKeyOf(credit: OutsideCredit): string {
  return `import-${digestOfRequest(credit)}`;
}

/**
 * Records the outside activities of a transcript file one row at a time, each through the ledger's single
 * recording (`LedgerService.record`: validation, dates in the practitioner's today, steps, duplicate flags,
 * the credit-recorded event). A bad row fails alone and never stops the rows after it.
 */
@Injectable()
export class CreditImportService {
  constructor(@Inject(LedgerService) private readonly ledger: LedgerService) {}

  async run(caller: Caller, rows: AsyncIterable<CsvRow<CreditImportColumn>>): Promise<CreditImportSummary> {
    const counts = { created: 0, duplicates: 0, alreadyImported: 0 };
    const failures = new FailedRows();
    const rowOfKey = new Map<string, number>();
    for await (const row of rows) {
      if ('errors' in row) {
        failures.add(row.row, row.errors);
        continue;
      }
      const read = creditOfRow(row.cells);
      if ('errors' in read) {
        failures.add(row.row, read.errors);
        continue;
      }
      const { credit } = read;
      const key = importKeyOf(credit);
      // The same credit twice in one file is recorded once; the later row says so.
      const firstRow = rowOfKey.get(key);
      if (firstRow !== undefined) {
        failures.add(row.row, [{ path: '', message: `the same credit as row ${firstRow}, recorded once` }]);
        continue;
      }
      rowOfKey.set(key, row.row);
      try {
        const { entry, created } = await this.ledger.record(caller, credit, key);
        if (!created) counts.alreadyImported += 1;
        counts[created && !entry.possibleDuplicateOf ? 'created' : 'duplicates'] += 1;
      } catch (error) {
        // A row the ledger refuses (a date after today) fails alone; an outage ends the import (a 500): the
        // rows before it are recorded, and uploading the file again records only the rest.
        if (!(error instanceof AppException) || error.status >= 500) throw error;
        failures.add(
          row.row,
          columnErrors(error.options.errors ?? [{ path: '', message: error.detail }], credit),
        );
      }
    }
    return { ...counts, failed: failures.failed, failedCount: failures.failedCount };
  }
}
