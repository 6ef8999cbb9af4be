import { type Readable } from 'node:stream';

import { csvAmounts, type CsvCells, type CsvFormat, csvList, csvRows, type FieldError } from '@cme/platform';

import { type ImportRow } from './course-import.service';

/**
 * CSV imports are streamed, so their size costs time, not memory, and the limit bounds how long one request
 * runs instead: 8 MiB is about 30,000 rows of a typical 270 bytes. Rows are stored one after another (a
 * lookup by id and one write each).
 */
export const CSV_IMPORT_LIMIT_BYTES = 8 * 1024 * 1024;

/** The header of the contract; `externalId`, `title`, `providerName`, `accreditor`, `format`, `credits` are required. */
export const CSV_COLUMNS = [
  'externalId',
  'title',
  'summary',
  'providerName',
  'accreditor',
  'accreditationId',
  'format',
  'topics',
  'credits',
  'professions',
  'approvals',
  'startsOn',
  'endsOn',
  'availableUntil',
  'url',
  'location',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

const COURSE_CSV: CsvFormat<Column> = {
  columns: CSV_COLUMNS,
  required: ['externalId', 'title', 'providerName', 'accreditor', 'format', 'credits'],
  // A course row is a few kilobytes at most (a 5,000-character summary); longer ones are broken files.
  maxRowBytes: 64 * 1024,
};

/** CSV columns that hold a nested field of the course, to name the column in a row's errors. */
const COLUMN_OF_PATH: Record<string, string> = {
  'provider.name': 'providerName',
  'provider.accreditor': 'accreditor',
  'provider.accreditationId': 'accreditationId',
};

export function csvColumnOf(path: string): string {
  return COLUMN_OF_PATH[path] ?? path;
}

/** A CSV row as the course it describes; empty cells are absent fields. */
function courseOf(cells: CsvCells<Column>): { course: unknown } | { errors: FieldError[] } {
  const designations = csvAmounts(cells.credits);
  if (!designations) {
    return {
      errors: [{ path: 'credits', message: 'expected TYPE:amount;TYPE:amount, e.g. AMA_PRA_1:8;ANCC_CH:8' }],
    };
  }
  const optional = ['summary', 'startsOn', 'endsOn', 'availableUntil', 'url', 'location'] as const;
  return {
    course: {
      externalId: cells.externalId,
      title: cells.title,
      ...Object.fromEntries(optional.flatMap((name) => (cells[name] ? [[name, cells[name]]] : []))),
      provider: {
        name: cells.providerName,
        accreditor: cells.accreditor,
        ...(cells.accreditationId && { accreditationId: cells.accreditationId }),
      },
      format: cells.format,
      topics: csvList(cells.topics),
      credits: designations.map(({ key, amount }) => ({ type: key, amount })),
      professions: csvList(cells.professions),
      approvals: csvList(cells.approvals),
    },
  };
}

/** The courses of a CSV import, one row at a time (see `csvRows`: bounded memory, bad rows fail alone). */
export async function* csvCourseRows(body: Readable, maxBytes: number): AsyncGenerator<ImportRow> {
  for await (const row of csvRows(body, COURSE_CSV, maxBytes)) {
    yield 'errors' in row ? row : { row: row.row, ...courseOf(row.cells) };
  }
}
