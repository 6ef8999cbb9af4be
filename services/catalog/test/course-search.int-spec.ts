import { asPractitioner, asStaff, startTestService, type TestService, waitFor } from '@cme/testing';
import request from 'supertest';

import { catalogService } from '../src/catalog.module';

const base = {
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  credits: [{ type: 'AMA_PRA_1', amount: 2 }],
};

/** Published unless `draft`; each test below names the courses it expects by title. */
const COURSES = [
  {
    title: 'Opioid tapering in chronic pain',
    format: 'live',
    startsOn: '2026-12-01',
    endsOn: '2026-12-02',
    topics: ['opioid-prescribing', 'pain-management'],
    professions: ['physician'],
  },
  {
    title: 'Buprenorphine for opioid use disorder',
    summary: 'Induction, dosing and diversion risks.',
    format: 'internet-enduring',
    availableUntil: '2027-06-30',
    topics: ['substance-use-disorder'],
    professions: ['physician', 'nurse-practitioner'],
    credits: [{ type: 'ANCC_CH', amount: 3 }],
  },
  {
    title: 'Pharmacist naloxone counselling',
    format: 'enduring',
    startsOn: '2026-01-01',
    availableUntil: '2026-12-31',
    topics: ['opioid-prescribing'],
    professions: ['pharmacist'],
    provider: { name: 'Pharmacy CE', accreditor: 'ACPE', accreditationId: '0797-0000-26-001-H08-P' },
    credits: [{ type: 'ACPE_CPE', amount: 1 }],
  },
  { title: 'Ethics at the end of life', format: 'journal', topics: ['ethics', 'end-of-life-care'] },
  { title: 'Geriatric pain assessment', format: 'journal', topics: ['geriatrics', 'pain-management'] },
  { title: 'Medical errors in pain clinics', format: 'journal', topics: ['medical-errors'] },
  { title: 'Draft: opioid stewardship', format: 'journal', topics: ['opioid-prescribing'], draft: true },
];

describe('catalog search (real MongoDB-wire server)', () => {
  let service: TestService;
  const staff = asStaff();
  const practitioner = asPractitioner('p-search');

  beforeAll(async () => {
    service = await startTestService(catalogService);
    for (const { draft, ...course } of COURSES) {
      const created = await request(service.url)
        .post('/v1/courses')
        .set(staff)
        .send({ ...base, ...course })
        .expect(201);
      if (!draft)
        await request(service.url).post(`/v1/courses/${created.body.id}/publish`).set(staff).expect(200);
    }
  });

  afterAll(() => service?.close());

  const search = async (query: Record<string, string | number>, caller = practitioner) =>
    (await request(service.url).get('/v1/courses').query(query).set(caller).expect(200)).body as {
      items: { title: string; status: string }[];
      nextCursor: string | null;
    };
  const titles = async (query: Record<string, string | number>, caller = practitioner) =>
    (await search(query, caller)).items.map((item) => item.title).sort();

  it('lists published courses, newest first, to any authenticated caller', async () => {
    const page = await search({});
    expect(page.items.map((item) => item.title)).toEqual(
      COURSES.filter((course) => !course.draft)
        .map((course) => course.title)
        .reverse(),
    );
    expect(page.nextCursor).toBeNull();
    await request(service.url).get('/v1/courses').expect(401);
  });

  it.each([
    // Topic labels count as words of the course: naloxone counselling is tagged "Opioid prescribing".
    [
      { q: 'opioid' },
      [
        'Buprenorphine for opioid use disorder',
        'Opioid tapering in chronic pain',
        'Pharmacist naloxone counselling',
      ],
    ],
    [{ q: 'OPIO' }, ['Buprenorphine for opioid use disorder', 'Opioid tapering in chronic pain']],
    [{ q: 'opioids in chronic pain' }, ['Opioid tapering in chronic pain']],
    [{ q: 'diversion' }, ['Buprenorphine for opioid use disorder']],
    [{ q: 'pain society' }, COURSES.filter((c) => !c.draft && !c.provider).map((c) => c.title)],
    // Text without a searchable word never widens to the whole catalog; blank text is no filter at all.
    [{ q: '.*' }, []],
    [{ q: '***' }, []],
    [{ q: '   ' }, COURSES.filter((c) => !c.draft).map((c) => c.title)],
    [{ q: '{"$ne": null}' }, []],
    [{ topic: 'pain-management' }, ['Geriatric pain assessment', 'Opioid tapering in chronic pain']],
    [{ creditType: 'ANCC_CH' }, ['Buprenorphine for opioid use disorder']],
    [{ creditType: 'ACPE_CPE', profession: 'pharmacist' }, ['Pharmacist naloxone counselling']],
    [{ format: 'live' }, ['Opioid tapering in chronic pain']],
    [{ profession: 'nurse-practitioner' }, ['Buprenorphine for opioid use disorder']],
    [
      { availableOn: '2026-12-01', topic: 'opioid-prescribing' },
      ['Opioid tapering in chronic pain', 'Pharmacist naloxone counselling'],
    ],
    [{ availableOn: '2027-01-01', format: 'enduring' }, []],
    [{ q: 'opioid', topic: 'substance-use-disorder' }, ['Buprenorphine for opioid use disorder']],
  ])('filters by %j', async (query, expected) => {
    expect(await titles(query)).toEqual([...expected].sort());
  });

  it('pages through every match once, in a stable order, with an opaque cursor', async () => {
    const all = (await search({ limit: 100 })).items.map((item) => item.title);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search({ limit: 2, ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.title));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('shows drafts and retired courses to staff who ask for them, and to nobody else', async () => {
    expect(await titles({ status: 'draft' }, staff)).toEqual(['Draft: opioid stewardship']);
    const forbidden = await request(service.url)
      .get('/v1/courses')
      .query({ status: 'draft' })
      .set(practitioner);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
    expect(await titles({ q: 'stewardship' })).toEqual([]);
  });

  it('shows a change made on one instance in the searches of another, through the course events', async () => {
    const other = await startTestService(catalogService, { MONGO_DB: service.config.MONGO_DB });
    try {
      // The other instance loaded the catalog at start-up.
      expect(
        (await request(other.url).get('/v1/courses').query({ q: 'geriatric' }).set(practitioner)).body.items,
      ).toHaveLength(1);
      const created = await request(service.url)
        .post('/v1/courses')
        .set(staff)
        .send({ ...base, title: 'Interventional pain update', format: 'rss' })
        .expect(201);
      const id = created.body.id as string;
      await request(service.url).post(`/v1/courses/${id}/publish`).set(staff).expect(200);
      const seenBy = (url: string, q: string) => async () => {
        const page = await request(url).get('/v1/courses').query({ q }).set(practitioner);
        return page.body.items.some((item: { id: string }) => item.id === id) ? true : undefined;
      };
      await waitFor(seenBy(other.url, 'interventional'), { what: 'the other instance to list the course' });

      await request(service.url)
        .patch(`/v1/courses/${id}`)
        .set(staff)
        .send({ title: 'Spinal cord stimulation update' })
        .expect(200);
      await waitFor(seenBy(other.url, 'spinal'), { what: 'the other instance to list the new title' });
      expect(
        (await request(other.url).get('/v1/courses').query({ q: 'interventional' }).set(practitioner)).body
          .items,
      ).toEqual([]);

      await request(service.url).post(`/v1/courses/${id}/retire`).set(staff).expect(200);
      await waitFor(
        async () =>
          (await request(other.url).get('/v1/courses').query({ q: 'spinal' }).set(practitioner)).body.items
            .length === 0
            ? true
            : undefined,
        { what: 'the other instance to drop the retired course' },
      );
    } finally {
      // Not other.close(): that drops the database the first instance still uses.
      await other.app.close();
    }
  });

  it.each([
    [{ limit: 101 }, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    [{ topic: 'astrology' }, 'topic'],
    [{ availableOn: 'tomorrow' }, 'availableOn'],
    [{ 'q[$regex]': '.*' }, ''],
    [{ sort: 'title' }, ''],
  ])('answers 400 problem+json to %j', async (query, path) => {
    const response = await request(service.url).get('/v1/courses').query(query).set(practitioner).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });
});
