import { pipeline, type Readable, Transform } from 'node:stream';

import { type FieldError } from '@cme/platform';
import { CsvError, parse } from 'csv-parse';

import { CourseImportErrors } from './course-import.errors';
import { type ImportRow } from './course-import.service';

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
  'startsOn',
  'endsOn',
  'availableUntil',
  'url',
  'location',
] as const;
const REQUIRED_COLUMNS = ['externalId', 'title', 'providerName', 'accreditor', 'format', 'credits'];
/** A course row is a few kilobytes at most (a 5,000-character summary); longer ones are broken files. */
const MAX_ROW_BYTES = 64 * 1024;

/** CSV columns that hold a nested field of the course, to name the column in a row's errors. */
const COLUMN_OF_PATH: Record<string, string> = {
  'provider.name': 'providerName',
  'provider.accreditor': 'accreditor',
  'provider.accreditationId': 'accreditationId',
};

export function csvColumnOf(path: string): string {
  return COLUMN_OF_PATH[path] ?? path;
}

function checkHeader(header: string[]): string[] {
  const known: readonly string[] = CSV_COLUMNS;
  const errors: FieldError[] = [
    ...header
      .filter((name) => !known.includes(name))
      .map((name) => ({ path: name, message: 'unknown column' })),
    ...REQUIRED_COLUMNS.filter((name) => !header.includes(name)).map((name) => ({
      path: name,
      message: 'required column missing',
    })),
    ...header
      .filter((name, index) => header.indexOf(name) < index)
      .map((name) => ({ path: name, message: 'column named twice' })),
  ];
  if (errors.length > 0) throw CourseImportErrors.headerInvalid(errors);
  return header;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);

/** `TYPE:amount;TYPE:amount` → designations; an unreadable one is reported, never guessed. */
function credits(value: string | undefined): { type: string; amount: number }[] | FieldError {
  const parsed = list(value).map((item) => {
    const match = /^([A-Z][A-Z0-9_]*)\s*:\s*(\d+(?:\.\d+)?)$/.exec(item);
    return match && { type: match[1], amount: Number(match[2]) };
  });
  return parsed.every((credit) => credit !== null)
    ? parsed
    : { path: 'credits', message: 'expected TYPE:amount;TYPE:amount, e.g. AMA_PRA_1:8;ANCC_CH:8' };
}

/** A CSV record as the course it describes; empty cells are absent fields. */
function courseOf(
  record: Record<string, string | undefined>,
): { course: unknown } | { errors: FieldError[] } {
  const cell = (name: (typeof CSV_COLUMNS)[number]) => record[name]?.trim() || undefined;
  const designations = credits(cell('credits'));
  if (!Array.isArray(designations)) return { errors: [designations] };
  const optional = ['summary', 'startsOn', 'endsOn', 'availableUntil', 'url', 'location'] as const;
  return {
    course: {
      externalId: cell('externalId'),
      title: cell('title'),
      ...Object.fromEntries(optional.flatMap((name) => (cell(name) ? [[name, cell(name)]] : []))),
      provider: {
        name: cell('providerName'),
        accreditor: cell('accreditor'),
        ...(cell('accreditationId') && { accreditationId: cell('accreditationId') }),
      },
      format: cell('format'),
      topics: list(cell('topics')),
      credits: designations,
      professions: list(cell('professions')),
    },
  };
}

class ImportTooLarge extends Error {}

function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > maxBytes ? new ImportTooLarge() : null, chunk);
    },
  });
}

/**
 * Reads a CSV import one record at a time: the parser pulls from the request only as fast as rows are
 * stored, so memory stays bounded whatever the file's size. A record that cannot be read (wrong number of
 * cells) fails alone; a broken file (an unclosed quote) or one over `maxBytes` ends the import with a
 * failed entry saying so — the rows before it are kept.
 */
export async function* csvCourseRows(body: Readable, maxBytes: number): AsyncGenerator<ImportRow> {
  const parser = parse({
    columns: checkHeader,
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: MAX_ROW_BYTES,
  });
  const records = pipeline(body, byteLimit(maxBytes), parser, () => undefined);
  let row = 0;
  try {
    for await (const { record, info } of records as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { records: number; lines: number; error?: Error };
    }>) {
      row = info.records;
      if (info.error)
        yield { row, errors: [{ path: '', message: `line ${info.lines}: ${info.error.message}` }] };
      else yield { row, ...courseOf(record) };
    }
  } catch (error) {
    if (error instanceof ImportTooLarge) {
      yield {
        row: row + 1,
        errors: [{ path: '', message: `the file exceeds ${maxBytes} bytes; the rest was not read` }],
      };
    } else if (error instanceof CsvError) {
      yield {
        row: row + 1,
        errors: [{ path: '', message: `unreadable CSV (${error.message}); the rest was not read` }],
      };
    } else {
      throw error;
    }
  }
}
