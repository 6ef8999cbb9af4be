import { Readable } from 'node:stream';

import { type ImportRow } from './course-import.service';
import { csvCourseRows } from './csv-course-rows';

const HEADER = 'externalId,title,providerName,accreditor,format,credits,topics,availableUntil';

/** Sends each chunk once the rows before it were taken, as a slow upload would. */
async function* upload(chunks: string[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    yield Buffer.from(chunk);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rowsOf(csv: string | string[], maxBytes = 1024 * 1024): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  const body = Readable.from(upload(typeof csv === 'string' ? [csv] : csv));
  for await (const row of csvCourseRows(body, maxBytes)) rows.push(row);
  return rows;
}

describe('CSV course rows', () => {
  it('reads quoted cells, lists and designations, leaving empty cells out', async () => {
    const rows = await rowsOf(
      `\ufeff${HEADER}\r\n` +
        'f-1,"Opioids, ""safely""",Pain Society,ACCME,enduring,AMA_PRA_1:8;ANCC_CH:1.5,ethics; geriatrics,2029-01-01\n' +
        '\n' +
        'f-2,Second,P,ACCME,journal,AMA_PRA_1:1,,\n',
    );
    expect(rows).toEqual([
      {
        row: 1,
        course: {
          externalId: 'f-1',
          title: 'Opioids, "safely"',
          availableUntil: '2029-01-01',
          provider: { name: 'Pain Society', accreditor: 'ACCME' },
          format: 'enduring',
          topics: ['ethics', 'geriatrics'],
          credits: [
            { type: 'AMA_PRA_1', amount: 8 },
            { type: 'ANCC_CH', amount: 1.5 },
          ],
          professions: [],
          approvals: [],
        },
      },
      expect.objectContaining({ row: 2, course: expect.objectContaining({ externalId: 'f-2', topics: [] }) }),
    ]);
  });

  it('reads the approvals staff set on a course, ;-separated', async () => {
    const [row] = await rowsOf(
      'externalId,title,providerName,accreditor,format,credits,approvals\n' +
        'f-1,FL course,P,ACCME,enduring,AMA_PRA_1:2,fl-board-approved-controlled-substance\n',
    );
    expect(row).toMatchObject({ course: { approvals: ['fl-board-approved-controlled-substance'] } });
  });

  it('fails a row with unreadable designations or the wrong number of cells, and reads on', async () => {
    const rows = await rowsOf(
      `${HEADER}\nf-1,T,P,ACCME,journal,AMA_PRA_1=8,,\nf-2,T\nf-3,T,P,ACCME,journal,AMA_PRA_1:1,,\n`,
    );
    expect(rows).toEqual([
      { row: 1, errors: [{ path: 'credits', message: expect.stringContaining('TYPE:amount') }] },
      { row: 2, errors: [{ path: '', message: expect.stringContaining('Invalid Record Length') }] },
      expect.objectContaining({ row: 3, course: expect.any(Object) }),
    ]);
  });
});
