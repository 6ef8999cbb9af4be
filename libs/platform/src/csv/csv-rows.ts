import { pipeline, type Readable, Transform } from 'node:stream';

import { CsvError, parse } from 'csv-parse';

import { type FieldError } from '../errors/app-exception';
import { CsvImportErrors } from './csv-import.errors';

/** The columns an import knows (in the order of its template), and those a file must have. */
export interface CsvFormat<Column extends string> {
  columns: readonly Column[];
  required: readonly Column[];
  /** Longer records are broken files (an unclosed quote swallowing the rest), not rows. */
  maxRowBytes: number;
}

/** The non-empty cells of a row, trimmed, by column; an empty cell is an absent one. */
export type CsvCells<Column extends string> = Partial<Record<Column, string>>;

/** One data row (1-based; the header is not a row) as read from the file, or why it could not be read. */
export type CsvRow<Column extends string> = { row: number } & (
  { cells: CsvCells<Column> } | { errors: FieldError[] }
);

/** An unknown, missing or repeated column fails the whole import (400 naming them), before any row is read. */
function checkHeader<Column extends string>(format: CsvFormat<Column>, raw: string[]): string[] {
  const header = raw.map((name) => name.trim());
  const known: readonly string[] = format.columns;
  const errors: FieldError[] = [
    ...header.flatMap((name, index) => {
      if (name === '') return [{ path: `column ${index + 1}`, message: 'has no name' }];
      return known.includes(name) ? [] : [{ path: name, message: 'unknown column' }];
    }),
    ...format.required
      .filter((name) => !header.includes(name))
      .map((name) => ({ path: name, message: 'required column missing' })),
    ...header
      .filter((name, index) => name !== '' && header.indexOf(name) < index)
      .map((name) => ({ path: name, message: 'column named twice' })),
  ];
  if (errors.length > 0) throw CsvImportErrors.headerInvalid(errors);
  return header;
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

function cellsOf<Column extends string>(record: Record<string, string | undefined>): CsvCells<Column> {
  return Object.fromEntries(
    Object.entries(record).flatMap(([column, value]) => {
      const cell = value?.trim();
      return cell ? [[column, cell]] : [];
    }),
  ) as CsvCells<Column>;
}

/**
 * Reads a CSV import (UTF-8, an optional BOM, a header naming `format`'s columns in any order) one row at a
 * time with csv-parse: the parser pulls from `body` only as fast as the caller takes rows, so memory stays
 * bounded whatever the file's size. Cells are text, never evaluated: `=SUM(A1)` is the string `=SUM(A1)`.
 * Empty lines and rows of empty cells are skipped. A row that cannot be read (wrong number of cells) fails
 * alone; a broken file (an unclosed quote) or one over `maxBytes` ends with a failed row saying so: the rows
 * before the one it names were read, none from it on (rows buffered at that moment are dropped, never
 * half-read).
 */
export async function* csvRows<Column extends string>(
  body: Readable,
  format: CsvFormat<Column>,
  maxBytes: number,
): AsyncGenerator<CsvRow<Column>> {
  const parser = parse({
    columns: (header: string[]) => checkHeader(format, header),
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    record_delimiter: ['\r\n', '\n'],
    max_record_size: format.maxRowBytes,
  });
  const limiter = byteLimit(maxBytes);
  // `pipe`, not `pipeline`, from the request: whatever stops the reading (the limit, a bad header, a broken
  // file), the request is drained rather than destroyed, so that its connection still carries the answer.
  body.pipe(limiter);
  body.once('error', (error) => limiter.destroy(error));
  limiter.once('close', () => {
    body.unpipe(limiter);
    body.resume();
  });
  const records = pipeline(limiter, parser, () => undefined);
  let row = 0;
  try {
    for await (const { record, info } of records as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { records: number; lines: number; error?: Error };
    }>) {
      row = info.records;
      if (info.error)
        yield { row, errors: [{ path: '', message: `line ${info.lines}: ${info.error.message}` }] };
      else yield { row, cells: cellsOf<Column>(record) };
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

/** A `;`-separated list cell (`ethics; geriatrics`), its items trimmed; an absent cell is an empty list. */
export function csvList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * A `KEY:amount;KEY:amount` cell (`AMA_PRA_1:8;ANCC_CH:1.5`), or `undefined` when an item is not a key and a
 * decimal number: an unreadable item is reported, never guessed. A sign is read (`AMA_PRA_1:-1` is -1), so
 * that the amount's own validation refuses it, naming it.
 */
export function csvAmounts(cell: string | undefined): { key: string; amount: number }[] | undefined {
  const parsed = csvList(cell).map((item) => {
    const match = /^([A-Za-z][\w-]*)\s*:\s*(-?\d+(?:\.\d+)?)$/.exec(item);
    return match && { key: match[1], amount: Number(match[2]) };
  });
  return parsed.every((amount) => amount !== null) ? parsed : undefined;
}

/** The rows of an import that failed: the first `max` with their errors, and how many in all. */
export class FailedRows {
  readonly failed: { row: number; errors: FieldError[] }[] = [];
  failedCount = 0;

  /** Keeps the answer to a file of broken rows small: the first failures tell what is wrong with the rest. */
  constructor(private readonly max = 1000) {}

  add(row: number, errors: FieldError[]): void {
    this.failedCount += 1;
    if (this.failed.length < this.max) this.failed.push({ row, errors });
  }
}
