import { CourseEventTypes, Topics } from '@cme/contracts';
import { asPractitioner, asStaff, EventTap, startTestService, type TestService } from '@cme/testing';
import request from 'supertest';

import { catalogService } from '../src/catalog.module';
import { CSV_COLUMNS, CSV_IMPORT_LIMIT_BYTES } from '../src/course-imports/csv-course-rows';
import { importedCourseId } from '../src/courses/imported-course-id';

const HEADER = CSV_COLUMNS.join(',');
const run = Date.now().toString(36);

/** A CSV row from the columns it fills; the others stay empty. */
function csvRow(cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>>): string {
  return CSV_COLUMNS.map((column) => {
    const value = cells[column] ?? '';
    return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  }).join(',');
}

const goodRow = (externalId: string, title: string) =>
  csvRow({
    externalId,
    title,
    summary: 'Dosing, tapering, monitoring.',
    providerName: 'Pain Society',
    accreditor: 'ACCME',
    format: 'internet-enduring',
    topics: 'opioid-prescribing;pain-management',
    credits: 'AMA_PRA_1:2.5;ANCC_CH:2.5',
    professions: 'physician;nurse-practitioner',
    availableUntil: '2028-12-31',
    url: 'https://cme.example.org/courses/1',
  });

describe('course imports (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let tap: EventTap;
  const staff = asStaff();

  beforeAll(async () => {
    // The service provisions its topics at start-up; the tap can only subscribe to a topic that exists.
    service = await startTestService(catalogService);
    tap = await EventTap.open(Topics.courses);
  });

  afterAll(async () => {
    await service?.close();
    await tap?.close();
  });

  const importCsv = (csv: string) =>
    request(service.url).post('/v1/course-imports').set(staff).set('content-type', 'text/csv').send(csv);

  it('stores each good CSV row, reports each bad one with its row and errors, and is idempotent', async () => {
    const csv = [
      HEADER,
      goodRow(`${run}-1`, 'Opioid tapering, step by step'),
      csvRow({
        externalId: `${run}-2`,
        title: 'No credits',
        providerName: 'X',
        accreditor: 'ACCME',
        format: 'journal',
      }),
      goodRow(`${run}-3`, 'Chronic pain and "safe" prescribing'),
      csvRow({
        externalId: `${run}-4`,
        title: 'Bad everything',
        providerName: 'X',
        accreditor: 'ACPE',
        format: 'live',
        credits: 'AMA_PRA_1:1.1',
      }),
      csvRow({
        externalId: `${run}-5`,
        title: 'Bad credits',
        providerName: 'X',
        accreditor: 'AOA',
        format: 'rss',
        credits: 'AOA_1A',
      }),
    ].join('\n');

    const first = await importCsv(csv).expect(200);
    expect(first.body).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      failedCount: 3,
      failed: [
        { row: 2, errors: [{ path: 'credits', message: expect.any(String) }] },
        {
          row: 4,
          errors: expect.arrayContaining([
            { path: 'accreditationId', message: expect.stringContaining('Universal Activity Number') },
            { path: 'credits[0].amount', message: expect.stringContaining('steps of 0.25') },
            { path: 'startsOn', message: expect.any(String) },
          ]),
        },
        { row: 5, errors: [{ path: 'credits', message: expect.stringContaining('TYPE:amount') }] },
      ],
    });

    const firstRow = await request(service.url)
      .get(`/v1/courses/${importedCourseId(`${run}-1`)}`)
      .set(staff)
      .expect(200);
    expect(firstRow.body).toMatchObject({ externalId: `${run}-1`, title: 'Opioid tapering, step by step' });
    const id = importedCourseId(`${run}-3`);
    const stored = await request(service.url).get(`/v1/courses/${id}`).set(staff).expect(200);
    expect(stored.body).toMatchObject({
      id,
      externalId: `${run}-3`,
      status: 'draft',
      version: 1,
      title: 'Chronic pain and "safe" prescribing',
      topics: ['opioid-prescribing', 'pain-management'],
      credits: [
        { type: 'AMA_PRA_1', amount: 2.5 },
        { type: 'ANCC_CH', amount: 2.5 },
      ],
      professions: ['physician', 'nurse-practitioner'],
      availableUntil: '2028-12-31',
    });

    const again = await importCsv(csv).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, failedCount: 3 });
  });

  it('gives a published course changed by an import a new version and an update event', async () => {
    const externalId = `${run}-published`;
    const id = importedCourseId(externalId);
    await importCsv([HEADER, goodRow(externalId, 'Imported then published')].join('\n')).expect(200);
    await request(service.url).post(`/v1/courses/${id}/publish`).set(staff).expect(200);

    const changed = await importCsv(
      [HEADER, goodRow(externalId, 'Imported, published, then corrected')].join('\n'),
    );
    expect(changed.body).toMatchObject({ created: 0, updated: 1, failedCount: 0 });
    const event = await tap.waitFor(
      (e) =>
        e.subject === id &&
        e.type === CourseEventTypes.updated &&
        (e.data as { version: number }).version === 3,
    );
    expect(event.data).toMatchObject({
      id,
      externalId,
      status: 'published',
      title: 'Imported, published, then corrected',
    });

    await request(service.url).post(`/v1/courses/${id}/retire`).set(staff).expect(200);
    const refused = await importCsv([HEADER, goodRow(externalId, 'Too late')].join('\n')).expect(200);
    expect(refused.body.failed).toEqual([
      { row: 1, errors: [{ path: '', message: expect.stringContaining('retired') }] },
    ]);
  });

  it('fails a later row that repeats an externalId of the same file, keeping the first', async () => {
    const externalId = `${run}-repeated`;
    const response = await importCsv(
      [
        HEADER,
        goodRow(externalId, 'First of the two rows'),
        goodRow(externalId, 'Second of the two rows'),
      ].join('\n'),
    ).expect(200);
    expect(response.body).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      failedCount: 1,
      failed: [
        { row: 2, errors: [{ path: 'externalId', message: 'duplicate externalId in this file (row 1)' }] },
      ],
    });
    const stored = await request(service.url)
      .get(`/v1/courses/${importedCourseId(externalId)}`)
      .set(staff)
      .expect(200);
    expect(stored.body).toMatchObject({ title: 'First of the two rows', version: 1 });
  });

  it('imports a JSON array of courses the same way', async () => {
    const course = {
      title: 'Patient safety in pain procedures',
      provider: { name: 'Pain Society', accreditor: 'ACCME' },
      format: 'journal',
      credits: [{ type: 'ABA_PATIENT_SAFETY', amount: 1 }],
    };
    const response = await request(service.url)
      .post('/v1/course-imports')
      .set(staff)
      .send([
        { ...course, externalId: `${run}-json-1` },
        { ...course, externalId: `${run}-json-2`, priceUsd: 10 },
        { ...course },
        'not a course',
      ])
      .expect(200);
    expect(response.body).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      failedCount: 3,
      failed: [
        { row: 2, errors: [{ path: '', message: 'unknown field(s): priceUsd' }] },
        { row: 3, errors: [{ path: 'externalId', message: expect.any(String) }] },
        { row: 4, errors: [{ path: '', message: expect.any(String) }] },
      ],
    });
    await request(service.url).post('/v1/course-imports').set(staff).send({ not: 'an array' }).expect(400);
  });

  it('refuses a wrong header, other media types, oversized files and callers who are not staff', async () => {
    const header = await importCsv('externalId,title,price\nx,y,1\n').expect(400);
    expect(header.headers['content-type']).toContain('application/problem+json');
    expect(header.body.errors).toContainEqual({ path: 'price', message: 'unknown column' });

    await request(service.url)
      .post('/v1/course-imports')
      .set(staff)
      .set('content-type', 'application/xml')
      .send('<courses/>')
      .expect(415);
    await importCsv(`${HEADER}\n${'x'.repeat(CSV_IMPORT_LIMIT_BYTES)}`).expect(413);
    await request(service.url)
      .post('/v1/course-imports')
      .set(asPractitioner('p-1'))
      .set('content-type', 'text/csv')
      .send(HEADER)
      .expect(403);
  });
});
