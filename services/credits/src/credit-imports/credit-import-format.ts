import { type Readable } from 'node:stream';

import {
  csvAmounts,
  type CsvCells,
  type CsvFormat,
  csvList,
  type CsvRow,
  csvRows,
  type FieldError,
  fieldErrors,
} from '@cme/platform';

import { type OutsideCredit, OutsideCreditSchema } from '../ledger/credit-entry.dto';

/**
 * A transcript is a practitioner's own list: a few hundred rows of about 150 bytes. 1 MiB (some 7,000 rows)
 * bounds how long one import runs — each row is a full ledger recording, a few database round trips.
 */
export const CREDIT_IMPORT_LIMIT_BYTES = 1024 * 1024;

/** The header of the import template, in its order (any order is read). */
export const CREDIT_IMPORT_COLUMNS = [
  'title',
  'provider',
  'accreditor',
  'activityId',
  'format',
  'topics',
  'completedOn',
  'credits',
  'topicHours',
  'approvals',
] as const;
export type CreditImportColumn = (typeof CREDIT_IMPORT_COLUMNS)[number];

const CREDIT_CSV: CsvFormat<CreditImportColumn> = {
  columns: CREDIT_IMPORT_COLUMNS,
  required: ['title', 'provider', 'completedOn', 'credits'],
  // A row's longest cells are a 300-character title and a 200-character provider.
  maxRowBytes: 8 * 1024,
};

/** `GET /v1/credit-imports/template.csv`: the header and one example row to replace. */
export const CREDIT_IMPORT_TEMPLATE =
  `${CREDIT_IMPORT_COLUMNS.join(',')}\r\n` +
  'Example (replace this row): Opioid prescribing in chronic pain,Pain Society,ACCME,A-2025-0142,' +
  'internet-enduring,opioid-prescribing;pharmacology,2025-03-14,AMA_PRA_1:2;ANCC_CH:2,pharmacology:0.5,\r\n';

/** An outside credit as a row describes it, before the ledger's validation (`OutsideCreditSchema`). */
interface CreditRowInput {
  activity: Record<string, unknown>;
  completedOn: string | undefined;
  /** Absent for an empty cell, so that it is reported as required. */
  claimed?: { type: string; amount: number; topicHours?: Record<string, number> }[];
}

/** Cells that cannot be read (`credits`, `topicHours`) fail the row; the rest is the ledger's to validate. */
function inputOf(cells: CsvCells<CreditImportColumn>): { input: CreditRowInput } | { errors: FieldError[] } {
  const credits = csvAmounts(cells.credits);
  const topicHours = csvAmounts(cells.topicHours);
  const errors: FieldError[] = [];
  if (!credits) {
    errors.push({ path: 'credits', message: 'expected TYPE:amount;TYPE:amount, e.g. AMA_PRA_1:2;ANCC_CH:2' });
  }
  if (!topicHours) {
    errors.push({ path: 'topicHours', message: 'expected topic:hours;topic:hours, e.g. pharmacology:0.5' });
  } else {
    topicHours
      .filter(({ key }, index) => topicHours.findIndex((other) => other.key === key) < index)
      .forEach(({ key }) => errors.push({ path: `topicHours.${key}`, message: 'named twice' }));
  }
  if (!credits || !topicHours || errors.length > 0) return { errors };
  const hours =
    topicHours.length > 0 && Object.fromEntries(topicHours.map(({ key, amount }) => [key, amount]));
  return {
    input: {
      activity: {
        title: cells.title,
        provider: cells.provider,
        ...(cells.accreditor && { accreditor: cells.accreditor }),
        ...(cells.activityId && { activityId: cells.activityId }),
        ...(cells.format && { format: cells.format }),
        topics: csvList(cells.topics),
        ...(cells.approvals && { approvals: csvList(cells.approvals) }),
      },
      completedOn: cells.completedOn,
      ...(credits.length > 0 && {
        claimed: credits.map(({ key, amount }) => ({
          type: key,
          amount,
          ...(hours && { topicHours: hours }),
        })),
      }),
    },
  };
}

/** A missing cell says so, rather than zod's "expected string, received undefined". */
const requiredWhenAbsent = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : undefined;

/**
 * A row as the outside credit it describes, validated exactly as a single POST of one (`OutsideCreditSchema`),
 * or its errors named by column. `credits` is `TYPE:amount;…`; `topicHours` (`topic:hours;…`) is the part of
 * the activity's hours that covered each topic, and applies to every credit type of the row (each type counts
 * the same hours of the same activity).
 */
export function creditOfRow(
  cells: CsvCells<CreditImportColumn>,
): { credit: OutsideCredit } | { errors: FieldError[] } {
  const read = inputOf(cells);
  if ('errors' in read) return read;
  const parsed = OutsideCreditSchema.safeParse(read.input, { error: requiredWhenAbsent });
  return parsed.success
    ? { credit: parsed.data }
    : { errors: columnErrors(fieldErrors(parsed.error), read.input) };
}

/**
 * The ledger's field errors, named by the row's columns: `activity.title` is `title`, `claimed[1].amount` is
 * `credits[1].amount` (the second item of the cell), and `claimed[1].topicHours.pharmacology` is
 * `topicHours.pharmacology`, its message naming the credit type it was checked against.
 */
export function columnErrors(
  errors: readonly FieldError[],
  credit: { claimed?: readonly { type: string }[] },
): FieldError[] {
  return errors.map(({ path, message }) => {
    const topicHours = /^claimed\[(\d+)\]\.topicHours\.(.+)$/.exec(path);
    if (topicHours) {
      const type = credit.claimed?.[Number(topicHours[1])]?.type;
      return { path: `topicHours.${topicHours[2]}`, message: type ? `${type}: ${message}` : message };
    }
    return { path: path.replace(/^activity\./, '').replace(/^claimed/, 'credits'), message };
  });
}

/** The rows of a credit import, read one at a time as the ledger stores them (see `csvRows`). */
export function csvCreditRows(body: Readable, maxBytes: number): AsyncGenerator<CsvRow<CreditImportColumn>> {
  return csvRows(body, CREDIT_CSV, maxBytes);
}
