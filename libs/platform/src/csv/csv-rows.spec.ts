import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

import { csvAmounts, type CsvFormat, csvList, type CsvRow, csvRows, FailedRows } from './csv-rows';

type Column = 'name' | 'amounts' | 'note';
const FORMAT: CsvFormat<Column> = {
  columns: ['name', 'amounts', 'note'],
  required: ['name', 'amounts'],
  maxRowBytes: 1024,
};
const HEADER = 'name,amounts,note';

/** Sends each chunk once the rows before it were taken, as a slow upload would. */
async function* upload(chunks: string[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    yield Buffer.from(chunk);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function rowsOf(csv: string | string[], maxBytes = 1024 * 1024): Promise<CsvRow<Column>[]> {
  const rows: CsvRow<Column>[] = [];
  const body = Readable.from(upload(typeof csv === 'string' ? [csv] : csv));
  for await (const row of csvRows(body, FORMAT, maxBytes)) rows.push(row);
  return rows;
}

describe('CSV rows', () => {
  it('reads quoted cells, a BOM and CRLF, trims cells, leaves empty ones out and skips empty rows', async () => {
    const rows = await rowsOf(
      `\ufeffamounts , name\r\n` + '" A:1 ","Pain, ""safely"""\r\n' + '\n' + ',\n' + 'B:2,  second  \n',
    );
    expect(rows).toEqual([
      { row: 1, cells: { amounts: 'A:1', name: 'Pain, "safely"' } },
      { row: 2, cells: { amounts: 'B:2', name: 'second' } },
    ]);
  });

  it('keeps formula-looking cells as the text they are', async () => {
    const rows = await rowsOf(
      `${HEADER}\n"=HYPERLINK(""http://x.example"",""x"")",+1,-2\n@SUM(A1),=1+1,"=cmd|' /C calc'!A0"\n`,
    );
    expect(rows).toEqual([
      { row: 1, cells: { name: '=HYPERLINK("http://x.example","x")', amounts: '+1', note: '-2' } },
      { row: 2, cells: { name: '@SUM(A1)', amounts: '=1+1', note: "=cmd|' /C calc'!A0" } },
    ]);
  });

  it('fails a row with the wrong number of cells, and reads on', async () => {
    const rows = await rowsOf(`${HEADER}\na,A:1,\nb,A:1,x,extra\nc,A:1,x\n`);
    expect(rows).toEqual([
      { row: 1, cells: { name: 'a', amounts: 'A:1' } },
      { row: 2, errors: [{ path: '', message: expect.stringContaining('Invalid Record Length') }] },
      { row: 3, cells: { name: 'c', amounts: 'A:1', note: 'x' } },
    ]);
  });

  it('refuses a header with unknown, unnamed, missing or repeated columns, naming them', async () => {
    await expect(rowsOf('name,note,note,price,\n')).rejects.toMatchObject({
      status: 400,
      code: 'import-header-invalid',
      options: {
        errors: [
          { path: 'price', message: 'unknown column' },
          { path: 'column 5', message: 'has no name' },
          { path: 'amounts', message: 'required column missing' },
          { path: 'note', message: 'column named twice' },
        ],
      },
    });
  });

  it('ends with a failed row at a broken quote or past the size limit, keeping the rows before', async () => {
    const broken = await rowsOf([`${HEADER}\na,A:1,\n`, 'b,"unclosed,x\n']);
    expect(broken).toEqual([
      { row: 1, cells: { name: 'a', amounts: 'A:1' } },
      {
        row: 2,
        errors: [{ path: '', message: expect.stringMatching(/^unreadable CSV .*the rest was not read$/) }],
      },
    ]);
    const body = `${HEADER}\n${Array.from({ length: 50 }, (_, i) => `row-${i},A:1,`).join('\n')}`;
    const tooLarge = await rowsOf(body, 200);
    expect(tooLarge.length).toBeLessThan(50);
    expect(tooLarge.at(-1)).toEqual({
      row: tooLarge.length,
      errors: [{ path: '', message: 'the file exceeds 200 bytes; the rest was not read' }],
    });
  });

  it('drains a body it stops reading, never destroys it: its connection still carries the answer', async () => {
    for (const [head, limit] of [
      [`${HEADER}\na,A:1,\n`, 100],
      ['price\n', 1024 * 1024],
    ] as const) {
      const body = new PassThrough();
      const rows = (async () => {
        const read = [];
        for await (const row of csvRows(body, FORMAT, limit)) read.push(row);
        return read;
      })().catch((error: unknown) => error);
      body.write(head);
      for (let i = 0; i < 50; i++) body.write(`${'x'.repeat(1000)},A:1,\n`);
      body.end();
      await rows;
      // Read to its end (destroyed before it, `finished` would reject with a premature close).
      await finished(body);
      expect(body.readableEnded).toBe(true);
    }
  });

  it('pulls from the body only as fast as rows are taken', async () => {
    let sent = 0;
    const body = Readable.from(
      (function* () {
        yield `${HEADER}\n`;
        for (let i = 0; i < 100_000; i++) {
          sent += 1;
          yield `row-${i},A:1,${'x'.repeat(100)}\n`;
        }
      })(),
    );
    const rows = csvRows(body, FORMAT, Number.MAX_SAFE_INTEGER);
    for (let taken = 0; taken < 10; taken++) await rows.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Stream buffers hold a few hundred rows at most; the rest of the file stays unread.
    expect(sent).toBeLessThan(5_000);
    await rows.return(undefined);
  });
});

describe('CSV cells', () => {
  it('reads ;-separated lists', () => {
    expect(csvList(' ethics; geriatrics ;;')).toEqual(['ethics', 'geriatrics']);
    expect(csvList(undefined)).toEqual([]);
  });

  it('reads KEY:amount lists, signs included, and nothing else', () => {
    expect(csvAmounts('AMA_PRA_1:8; ANCC_CH : 1.5;pharmacology:0.25')).toEqual([
      { key: 'AMA_PRA_1', amount: 8 },
      { key: 'ANCC_CH', amount: 1.5 },
      { key: 'pharmacology', amount: 0.25 },
    ]);
    expect(csvAmounts('AMA_PRA_1:-1')).toEqual([{ key: 'AMA_PRA_1', amount: -1 }]);
    expect(csvAmounts(undefined)).toEqual([]);
    for (const unreadable of ['AMA_PRA_1', 'AMA_PRA_1=8', 'AMA_PRA_1:1e3', 'AMA_PRA_1:.5', '=A1:1', 'A:+1']) {
      expect(csvAmounts(unreadable)).toBeUndefined();
    }
  });

  it('keeps the first failures and counts them all', () => {
    const failures = new FailedRows(2);
    for (const row of [1, 2, 3]) failures.add(row, [{ path: '', message: 'bad' }]);
    expect(failures.failed.map(({ row }) => row)).toEqual([1, 2]);
    expect(failures.failedCount).toBe(3);
  });
});
