import { request as httpRequest } from 'node:http';

import { LedgerEventTypes, Topics } from '@cme/contracts';
import {
  asPractitioner,
  asStaff,
  EventTap,
  startTestService,
  type TestService,
  uniqueSuffix,
} from '@cme/testing';
import request from 'supertest';

import {
  CREDIT_IMPORT_COLUMNS,
  CREDIT_IMPORT_LIMIT_BYTES,
  CREDIT_IMPORT_TEMPLATE,
} from '../src/credit-imports/credit-import-format';
import { creditsService } from '../src/credits.module';
import { publishedEvents } from './credits-test-support';

type Column = (typeof CREDIT_IMPORT_COLUMNS)[number];

const HEADER = CREDIT_IMPORT_COLUMNS.join(',');

/** A CSV line of the template's columns from the cells it fills, quoted where CSV needs it. */
function csvRow(cells: Partial<Record<Column, string>>): string {
  return CREDIT_IMPORT_COLUMNS.map((column) => {
    const value = cells[column] ?? '';
    return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }).join(',');
}

const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

const FORMULA_TITLE = '=HYPERLINK("http://evil.example","Click for CME")';

const GOOD: Partial<Record<Column, string>> = {
  title: 'Buprenorphine in chronic pain',
  provider: 'Pain Society',
  accreditor: 'ACCME',
  activityId: 'ACT-1',
  format: 'internet-enduring',
  topics: 'opioid-prescribing;pharmacology',
  completedOn: '2025-03-14',
  credits: 'AMA_PRA_1:2;ANCC_CH:2',
  topicHours: 'pharmacology:0.5',
};

/** Every cell formula-looking. */
const FORMULAS: Partial<Record<Column, string>> = {
  title: FORMULA_TITLE,
  provider: '+1 Pain Academy',
  accreditor: '@ACCME',
  activityId: '-A-2',
  completedOn: '2025-04-01',
  credits: 'ANCC_CH:1.25',
};

/** Rows 1 to 10: good, bad and duplicate rows, the failures each with their row and field errors. */
const MIXED = csv(
  // 1: good
  csvRow(GOOD),
  // 2: completed after today
  csvRow({ title: 'Tomorrow', provider: 'P', completedOn: '2999-01-01', credits: 'AMA_PRA_1:1' }),
  // 3: several field errors at once
  csvRow({
    title: 'Everything wrong',
    provider: 'P',
    format: 'podcast',
    completedOn: '1949-12-31',
    credits: 'AMA_PRA_1:1.1',
  }),
  // 4: the same activity id as row 1: recorded, flagged as a possible duplicate
  csvRow({
    title: 'Buprenorphine in chronic pain (again)',
    provider: 'Pain Society',
    activityId: 'ACT-1',
    completedOn: '2025-03-20',
    credits: 'AMA_PRA_1:2',
  }),
  // 5: good, every cell formula-looking
  csvRow(FORMULAS),
  // 6: row 5 again
  csvRow(FORMULAS),
  // 7: a control character in the title
  csvRow({ title: 'Bell\u0007', provider: 'P', completedOn: '2025-01-01', credits: 'AMA_PRA_1:1' }),
  // 8: a negative amount
  csvRow({ title: 'Negative', provider: 'P', completedOn: '2025-01-01', credits: 'AMA_PRA_1:-1' }),
  // 9: credits without an amount
  csvRow({ title: 'Unreadable', provider: 'P', completedOn: '2025-01-01', credits: 'AMA_PRA_1' }),
  // 10: too few cells
  'Short row,P',
);

const MIXED_FAILURES = [
  {
    row: 2,
    errors: [{ path: 'completedOn', message: expect.stringMatching(/^must not be after \d{4}-\d\d-\d\d/) }],
  },
  {
    row: 3,
    errors: [
      { path: 'format', message: expect.any(String) },
      { path: 'completedOn', message: 'must not be before 1950-01-01' },
      { path: 'credits[0].amount', message: 'AMA_PRA_1 is claimed in steps of 0.25' },
    ],
  },
  { row: 6, errors: [{ path: '', message: 'the same credit as row 5, recorded once' }] },
  { row: 7, errors: [{ path: 'title', message: expect.stringContaining('control characters') }] },
  { row: 8, errors: [{ path: 'credits[0].amount', message: expect.stringContaining('>0') }] },
  { row: 9, errors: [{ path: 'credits', message: expect.stringContaining('TYPE:amount') }] },
  { row: 10, errors: [{ path: '', message: expect.stringContaining('Invalid Record Length') }] },
];

describe('credit imports (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let ledgerTap: EventTap;

  beforeAll(async () => {
    // The service provisions its topics at start-up; the tap can only subscribe to a topic that exists.
    service = await startTestService(creditsService);
    ledgerTap = await EventTap.open(Topics.ledger);
  });

  afterAll(async () => {
    await service?.close();
    await ledgerTap?.close();
  });

  const importCsv = (practitionerId: string, body: string) =>
    request(service.url)
      .post('/v1/practitioners/me/credit-imports')
      .set(asPractitioner(practitionerId))
      .set('content-type', 'text/csv')
      .send(body);

  const ledgerOf = async (practitionerId: string) =>
    (
      await request(service.url)
        .get('/v1/practitioners/me/credits?limit=100&includeVoided=true')
        .set(asPractitioner(practitionerId))
        .expect(200)
    ).body.items as {
      id: string;
      practitionerId: string;
      source: string;
      activity: Record<string, unknown>;
      completedOn: string;
      claimed: unknown[];
      possibleDuplicateOf?: string;
      voided: boolean;
    }[];

  it('records good rows, flags duplicates, fails bad rows alone with their row and field errors, and publishes', async () => {
    const practitioner = `p-import-${uniqueSuffix()}`;
    const response = await importCsv(practitioner, MIXED).expect(200);
    expect(response.body).toEqual({
      created: 2,
      duplicates: 1,
      alreadyImported: 0,
      failed: MIXED_FAILURES,
      failedCount: 7,
    });

    const ledger = await ledgerOf(practitioner);
    expect(ledger).toHaveLength(3);
    const byTitle = new Map(ledger.map((entry) => [entry.activity.title, entry]));
    const first = byTitle.get('Buprenorphine in chronic pain');
    expect(first).toMatchObject({
      source: 'outside',
      completedOn: '2025-03-14',
      activity: {
        provider: 'Pain Society',
        accreditor: 'ACCME',
        activityId: 'ACT-1',
        format: 'internet-enduring',
        topics: ['opioid-prescribing', 'pharmacology'],
      },
      claimed: [
        { type: 'AMA_PRA_1', amount: 2, topicHours: { pharmacology: 0.5 } },
        { type: 'ANCC_CH', amount: 2, topicHours: { pharmacology: 0.5 } },
      ],
    });
    expect(first?.possibleDuplicateOf).toBeUndefined();
    expect(byTitle.get('Buprenorphine in chronic pain (again)')?.possibleDuplicateOf).toBe(first?.id);
    // Formula-looking cells are stored as the text they are: never evaluated, never stripped.
    expect(byTitle.get(FORMULA_TITLE)?.activity).toEqual({
      title: FORMULA_TITLE,
      provider: '+1 Pain Academy',
      accreditor: '@ACCME',
      activityId: '-A-2',
      format: 'other',
      topics: [],
    });

    // One credit-recorded event per recorded row, and nothing else.
    const events = await publishedEvents(service, ledgerTap, practitioner);
    expect(events).toHaveLength(ledger.length);
    for (const entry of ledger) {
      expect(events).toContainEqual(
        expect.objectContaining({
          type: LedgerEventTypes.creditRecorded,
          source: 'credits',
          subject: practitioner,
          data: expect.objectContaining({
            creditId: entry.id,
            practitionerId: practitioner,
            source: 'outside',
            activity: entry.activity,
            claimed: entry.claimed,
            ...(entry.possibleDuplicateOf && { possibleDuplicateOf: entry.possibleDuplicateOf }),
          }),
        }),
      );
    }
  });

  it('records nothing new when the same file is uploaded again; a changed row is a new credit', async () => {
    const practitioner = `p-reimport-${uniqueSuffix()}`;
    await importCsv(practitioner, MIXED).expect(200);
    // A credit voided since its import is not recorded again either.
    const [voided] = await ledgerOf(practitioner);
    await request(service.url)
      .delete(`/v1/practitioners/me/credits/${voided.id}`)
      .set(asPractitioner(practitioner))
      .expect(204);
    const before = await ledgerOf(practitioner);
    expect(before.find((entry) => entry.id === voided.id)).toMatchObject({ voided: true });
    const eventsBefore = await publishedEvents(service, ledgerTap, practitioner);
    expect(eventsBefore).toHaveLength(4);

    const again = await importCsv(practitioner, MIXED).expect(200);
    expect(again.body).toEqual({
      created: 0,
      duplicates: 3,
      alreadyImported: 3,
      failed: MIXED_FAILURES,
      failedCount: 7,
    });
    expect(await ledgerOf(practitioner)).toEqual(before);
    expect(await publishedEvents(service, ledgerTap, practitioner)).toEqual(eventsBefore);

    // Row 5 again, its columns in another order, spaced and quoted otherwise: the same credit.
    const reordered = [
      'activityId, credits , completedOn,accreditor,title,provider',
      '-A-2,ANCC_CH:1.25,2025-04-01,@ACCME,"=HYPERLINK(""http://evil.example"",""Click for CME"")",  +1 Pain Academy ',
    ].join('\n');
    expect((await importCsv(practitioner, reordered).expect(200)).body).toEqual({
      created: 0,
      duplicates: 1,
      alreadyImported: 1,
      failed: [],
      failedCount: 0,
    });

    // Row 1 with another amount is another credit (flagged: the same activity id), and a new row is new.
    const changed = await importCsv(
      practitioner,
      csv(
        csvRow({ ...GOOD, credits: 'AMA_PRA_1:2.5;ANCC_CH:2' }),
        csvRow({ title: 'A new one', provider: 'P', completedOn: '2025-05-01', credits: 'AMA_PRA_1:1' }),
      ),
    ).expect(200);
    expect(changed.body).toEqual({
      created: 1,
      duplicates: 1,
      alreadyImported: 0,
      failed: [],
      failedCount: 0,
    });
    expect(await ledgerOf(practitioner)).toHaveLength(before.length + 2);
  });

  it("keeps each practitioner's imports to themself", async () => {
    const [alice, bob] = [`p-alice-${uniqueSuffix()}`, `p-bob-${uniqueSuffix()}`];
    await importCsv(alice, MIXED).expect(200);
    // The same file is new to another practitioner: their own credits, not "already imported".
    const bobs = await importCsv(bob, MIXED).expect(200);
    expect(bobs.body).toMatchObject({ created: 2, duplicates: 1, alreadyImported: 0 });

    const [aliceLedger, bobLedger] = [await ledgerOf(alice), await ledgerOf(bob)];
    expect(aliceLedger.every((entry) => entry.practitionerId === alice)).toBe(true);
    expect(bobLedger.every((entry) => entry.practitionerId === bob)).toBe(true);
    expect(bobLedger.filter((entry) => aliceLedger.some((other) => other.id === entry.id))).toEqual([]);
    // A flag points within one's own ledger.
    const bobIds = bobLedger.map((entry) => entry.id);
    for (const entry of bobLedger) {
      if (entry.possibleDuplicateOf) expect(bobIds).toContain(entry.possibleDuplicateOf);
    }
    await request(service.url).get(`/v1/practitioners/${alice}/credits`).set(asPractitioner(bob)).expect(403);
  });

  it('refuses a header with unknown, missing or repeated columns, naming them (400 problem+json)', async () => {
    const practitioner = `p-header-${uniqueSuffix()}`;
    const refused = await importCsv(
      practitioner,
      'title,provider,provider,completedOn,certificateId\nT,P,P,2025-01-01,0123456789abcdef01234567\n',
    ).expect(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'import-header-invalid',
      errors: [
        { path: 'certificateId', message: 'unknown column' },
        { path: 'credits', message: 'required column missing' },
        { path: 'provider', message: 'column named twice' },
      ],
    });
    // A CME Passport-style export is not read: its columns are named, so the file can be mapped to the template.
    const passport = await importCsv(
      practitioner,
      'Activity Title,Provider,Date Completed,Credits,Credit Type\nT,P,01/15/2025,1,AMA PRA Category 1 Credit\n',
    ).expect(400);
    expect(passport.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'Activity Title', message: 'unknown column' },
        { path: 'title', message: 'required column missing' },
      ]),
    );
    expect(await ledgerOf(practitioner)).toEqual([]);
  });

  it('refuses a file over the limit (413) and other media types (415)', async () => {
    const practitioner = `p-limits-${uniqueSuffix()}`;
    const tooLarge = await importCsv(
      practitioner,
      `${HEADER}\n${'x'.repeat(CREDIT_IMPORT_LIMIT_BYTES)}`,
    ).expect(413);
    expect(tooLarge.headers['content-type']).toContain('application/problem+json');
    expect(tooLarge.body.code).toBe('import-too-large');

    const send = (contentType: string, body: string) =>
      request(service.url)
        .post('/v1/practitioners/me/credit-imports')
        .set(asPractitioner(practitioner))
        .set('content-type', contentType)
        .send(body);
    for (const [contentType, body] of [
      ['application/json', JSON.stringify([{ title: 'T' }])],
      [
        'text/plain',
        csv(csvRow({ title: 'T', provider: 'P', completedOn: '2025-01-01', credits: 'AMA_PRA_1:1' })),
      ],
      ['application/xml', '<credits/>'],
    ]) {
      const response = await send(contentType, body);
      expect({ contentType, status: response.status }).toEqual({ contentType, status: 415 });
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect(await ledgerOf(practitioner)).toEqual([]);
  });

  it('cuts off a streamed upload without a length at the limit, keeping the rows before', async () => {
    const practitioner = `p-stream-${uniqueSuffix()}`;
    const row = (index: number) =>
      csvRow({
        title: `Streamed ${index}`,
        provider: 'P',
        completedOn: '2025-01-01',
        credits: 'AMA_PRA_1:1',
      });
    const url = new URL('/v1/practitioners/me/credit-imports', service.url);
    const summary = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const upload = httpRequest(
        url,
        // A connection of its own, closed after the answer: the service's shutdown waits for no idle socket.
        {
          method: 'POST',
          agent: false,
          headers: { ...asPractitioner(practitioner), 'content-type': 'text/csv', connection: 'close' },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode, body }));
        },
      );
      upload.on('error', reject);
      // No content-length: sent chunked, as a client streams a file it has not measured. Past the header and
      // two rows, 3 MiB of empty lines (they cost the parser nothing and record nothing): the service stops
      // reading at the limit and answers while the rest is still on its way.
      upload.write(`${HEADER}\n${row(1)}\n${row(2)}\n`);
      const padding = Buffer.from('\n'.repeat(64 * 1024));
      let left = (3 * CREDIT_IMPORT_LIMIT_BYTES) / padding.length;
      const send = (): void => {
        while (left > 0) {
          left -= 1;
          if (!upload.write(padding)) {
            upload.once('drain', send);
            return;
          }
        }
        upload.end();
      };
      send();
    });
    expect(summary.status).toBe(200);
    // Rows still buffered when the limit is crossed are dropped, never half-read: every row before the one
    // named is recorded, none from it on (a later upload of the file, split, records exactly the rest).
    const { created, failed, ...rest } = JSON.parse(summary.body) as { created: number; failed: unknown[] };
    expect(created).toBeLessThanOrEqual(2);
    expect(rest).toEqual({ duplicates: 0, alreadyImported: 0, failedCount: 1 });
    expect(failed).toEqual([
      {
        row: created + 1,
        errors: [
          { path: '', message: `the file exceeds ${CREDIT_IMPORT_LIMIT_BYTES} bytes; the rest was not read` },
        ],
      },
    ]);
    expect((await ledgerOf(practitioner)).map((entry) => entry.activity.title).sort()).toEqual(
      [1, 2].slice(0, created).map((index) => `Streamed ${index}`),
    );
  });

  it('serves the template to any signed-in caller; its example row imports as it is', async () => {
    for (const caller of [asPractitioner(`p-template-${uniqueSuffix()}`), asStaff()]) {
      const template = await request(service.url)
        .get('/v1/credit-imports/template.csv')
        .set(caller)
        .expect(200);
      expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(template.headers['content-disposition']).toBe(
        'attachment; filename="credit-import-template.csv"',
      );
      expect(template.text).toBe(CREDIT_IMPORT_TEMPLATE);
    }
    await request(service.url).get('/v1/credit-imports/template.csv').expect(401);

    const practitioner = `p-template-${uniqueSuffix()}`;
    const imported = await importCsv(practitioner, CREDIT_IMPORT_TEMPLATE).expect(200);
    expect(imported.body).toMatchObject({ created: 1, failedCount: 0 });
  });
});
