import { Readable } from 'node:stream';

import {
  CREDIT_IMPORT_TEMPLATE,
  type CreditImportColumn,
  creditOfRow,
  csvCreditRows,
} from './credit-import-format';

async function cellsOf(csv: string) {
  const rows = [];
  for await (const row of csvCreditRows(Readable.from([Buffer.from(csv)]), 1024 * 1024)) rows.push(row);
  return rows;
}

/** The row's errors by column, as an import reports them. */
function errorsOf(cells: Partial<Record<CreditImportColumn, string>>) {
  const read = creditOfRow(cells);
  return 'errors' in read ? read.errors : [];
}

const good = {
  title: 'Buprenorphine in chronic pain',
  provider: 'Pain Society',
  completedOn: '2025-03-14',
  credits: 'AMA_PRA_1:2;ANCC_CH:2.5',
};

describe('credit import rows', () => {
  it('reads a row as the outside credit a single POST would send, topic hours on every credit type', () => {
    expect(
      creditOfRow({
        ...good,
        accreditor: 'ACCME',
        activityId: 'A-1',
        format: 'live',
        topics: 'opioid-prescribing; pharmacology',
        topicHours: 'pharmacology:0.5',
        approvals: 'fl-board-approved-controlled-substance',
      }),
    ).toEqual({
      credit: {
        activity: {
          title: 'Buprenorphine in chronic pain',
          provider: 'Pain Society',
          accreditor: 'ACCME',
          activityId: 'A-1',
          format: 'live',
          topics: ['opioid-prescribing', 'pharmacology'],
          approvals: ['fl-board-approved-controlled-substance'],
        },
        completedOn: '2025-03-14',
        claimed: [
          { type: 'AMA_PRA_1', amount: 2, topicHours: { pharmacology: 0.5 } },
          { type: 'ANCC_CH', amount: 2.5, topicHours: { pharmacology: 0.5 } },
        ],
      },
    });
    expect(creditOfRow(good)).toEqual({
      credit: {
        activity: { title: good.title, provider: good.provider, format: 'other', topics: [] },
        completedOn: '2025-03-14',
        claimed: [
          { type: 'AMA_PRA_1', amount: 2 },
          { type: 'ANCC_CH', amount: 2.5 },
        ],
      },
    });
  });

  it('fails unreadable credits and topic hours, and a topic named twice', () => {
    expect(errorsOf({ ...good, credits: 'AMA_PRA_1=2', topicHours: 'pharmacology' })).toEqual([
      { path: 'credits', message: expect.stringContaining('TYPE:amount') },
      { path: 'topicHours', message: expect.stringContaining('topic:hours') },
    ]);
    expect(errorsOf({ ...good, topicHours: 'ethics:1;ethics:0.5' })).toEqual([
      { path: 'topicHours.ethics', message: 'named twice' },
    ]);
  });

  it('says which required cells are empty', () => {
    expect(errorsOf({ credits: 'AMA_PRA_1:1', provider: 'P' })).toEqual([
      { path: 'title', message: 'required' },
      { path: 'completedOn', message: 'required' },
    ]);
    expect(errorsOf({ ...good, credits: undefined })).toEqual([{ path: 'credits', message: 'required' }]);
  });

  it("names the ledger's field errors by column", () => {
    expect(
      errorsOf({
        title: '=HYPERLINK("http://x.example")',
        provider: 'P',
        format: 'podcast',
        topics: 'ethics;astrology',
        completedOn: '1949-12-31',
        credits: 'AMA_PRA_1:-1;ANCC_CH:1.005;AMA_PRA_1:1',
        topicHours: 'ethics:1.5',
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'format', message: expect.any(String) },
        { path: 'topics[1]', message: expect.any(String) },
        { path: 'completedOn', message: 'must not be before 1950-01-01' },
        { path: 'credits[0].amount', message: expect.stringContaining('>0') },
        { path: 'credits[1].amount', message: 'ANCC_CH is claimed in steps of 0.01' },
        { path: 'credits[2].type', message: 'each credit type is claimed once per activity' },
        { path: 'topicHours.ethics', message: 'ANCC_CH: must not exceed the amount (1.005)' },
      ]),
    );
    expect(errorsOf({ ...good, title: 'Line\u0007bell' })).toEqual([
      { path: 'title', message: expect.stringContaining('control characters') },
    ]);
  });

  it('reads the template: its example row is a valid credit', async () => {
    const [row, ...rest] = await cellsOf(CREDIT_IMPORT_TEMPLATE);
    expect(rest).toEqual([]);
    if (!('cells' in row)) throw new Error('the template row is unreadable');
    const read = creditOfRow(row.cells);
    expect(read).toEqual({ credit: expect.objectContaining({ completedOn: '2025-03-14' }) });
  });

  it('reads a file with the columns in any order, cells trimmed, formula-looking cells as text', async () => {
    const rows = await cellsOf(
      'credits, completedOn ,provider,title\n' +
        'AMA_PRA_1:1,2025-01-02,@provider,"=HYPERLINK(""http://x.example"",""click"")"\n',
    );
    expect(rows).toEqual([
      {
        row: 1,
        cells: {
          credits: 'AMA_PRA_1:1',
          completedOn: '2025-01-02',
          provider: '@provider',
          title: '=HYPERLINK("http://x.example","click")',
        },
      },
    ]);
  });
});
