import { asPractitioner, asStaff, startTestService, type TestService, uniqueSuffix } from '@cme/testing';
import { calendarDateIn } from '@cme/requirements';
import { parse } from 'csv-parse/sync';
import request from 'supertest';

import { creditsService } from '../src/credits.module';
import { addDays, complianceSettled, errorPaths, outsideCredit, sampleProfile } from './credits-test-support';

interface RosterRequirement {
  id: string;
  status: string;
  deadline: string;
  required: number;
  earned: number;
  remaining: number;
}
interface RosterEntry {
  practitionerId: string;
  name: string;
  licenseStates: string[];
  requirements: RosterRequirement[];
  notCovered: { kind: string; code: string }[];
  rulesVersion: string;
}
interface RosterPage {
  items: RosterEntry[];
  nextCursor: string | null;
}

const TIMEZONE = 'America/Chicago';
/** What the roster and the compliance route must agree on for each requirement. */
const FIGURES = ['id', 'status', 'deadline', 'required', 'earned', 'remaining'] as const;

describe('staff compliance roster (stored results, real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  const prefix = `roster-${uniqueSuffix()}`;
  const id = (name: string) => `${prefix}-${name}`;
  /** Today on the practitioners' calendar, when the fixtures were made. */
  let today: string;
  /** What the compliance route answers for each practitioner, evaluated on the spot. */
  const evaluated = new Map<string, RosterRequirement[]>();

  const api = () => request(service.url);
  const roster = (query: Record<string, string | number> = {}) =>
    api()
      .get('/v1/reports/compliance')
      .query(query)
      .set(asStaff(`staff-${prefix}`));
  const page = async (query: Record<string, string | number> = {}): Promise<RosterPage> =>
    (await roster(query).expect(200)).body;
  const idsOf = (body: RosterPage) => body.items.map((item) => item.practitionerId);
  /** Every practitioner of the roster for `query`, page by page. */
  const everyId = async (query: Record<string, string | number>, limit = 2): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await page({ ...query, limit, ...(cursor && { cursor }) });
      ids.push(...idsOf(body));
      cursor = body.nextCursor;
    } while (cursor);
    return ids;
  };
  /** The practitioners whose evaluated compliance has one requirement matching `test`, in id order. */
  const expected = (test: (requirement: RosterRequirement) => boolean) =>
    [...evaluated.entries()]
      .filter(([, requirements]) => requirements.some(test))
      .map(([practitionerId]) => practitionerId)
      .sort();

  const profile = (name: string, states: string[], overrides: Record<string, unknown> = {}) =>
    sampleProfile({
      name,
      timezone: TIMEZONE,
      boards: [],
      dea: null,
      flags: { directPatientCare: false, painClinic: true },
      licenses: states.map((state, index) => ({
        state,
        number: `${state}-${index}1234`,
        expiresOn: addDays(today, state === 'TX' ? 150 : 600),
      })),
      ...overrides,
    });
  const evaluate = async (practitionerId: string) => {
    const view = await api()
      .get(`/v1/practitioners/${practitionerId}/compliance`)
      .set(asStaff(`staff-${prefix}`))
      .expect(200);
    evaluated.set(practitionerId, view.body.requirements);
  };
  const put = (practitionerId: string, body: object, status = 201) =>
    api().put('/v1/practitioners/me').set(asPractitioner(practitionerId)).send(body).expect(status);

  beforeAll(async () => {
    service = await startTestService(creditsService);
    today = calendarDateIn(TIMEZONE, new Date());
    // A name a spreadsheet would run as a formula, for the CSV.
    await put(id('a'), profile('=HYPERLINK("https://evil.example.org","open")', ['TX']));
    await put(id('b'), profile('Blair Florida', ['FL']));
    await put(id('c'), profile('Casey Both', ['TX', 'FL']));
    await put(id('d'), profile('Dale Oregon', ['OR']));
    await put(id('e'), profile('Emery Done', ['TX']));
    // Ten formal hours of pain management meet the Texas pain-clinic hours for e.
    await api()
      .post('/v1/practitioners/me/credits')
      .set(asPractitioner(id('e')))
      .send(
        outsideCredit(
          { completedOn: today, claimed: [{ type: 'AMA_PRA_1', amount: 10 }] },
          { topics: ['pain-management'] },
        ),
      )
      .expect(201);
    await complianceSettled(service);
    for (const name of ['a', 'b', 'c', 'd', 'e']) await evaluate(id(name));
  });

  afterAll(() => service?.close());

  it('lists every practitioner with the stored status of each requirement, as the compliance route evaluates it', async () => {
    const body = await page({ limit: 100 });
    expect(idsOf(body)).toEqual(['a', 'b', 'c', 'd', 'e'].map(id));
    expect(body.nextCursor).toBeNull();
    for (const entry of body.items) {
      const pick = (item: RosterRequirement) =>
        Object.fromEntries(FIGURES.map((figure) => [figure, item[figure]]));
      expect(entry.requirements.map(pick)).toEqual(evaluated.get(entry.practitionerId)!.map(pick));
    }
    const [a, , c, d, e] = body.items;
    expect(a.licenseStates).toEqual(['TX']);
    expect(c.licenseStates).toEqual(['TX', 'FL']);
    // Texas pain-clinic licensees owe 10 hours of pain management a year: e has them.
    expect(a.requirements.find((item) => item.id === 'tx-pain-clinic')?.status).toBe('at-risk');
    expect(e.requirements.find((item) => item.id === 'tx-pain-clinic')).toMatchObject({
      status: 'met',
      earned: 10,
      remaining: 0,
    });
    // Oregon is covered by no rule pack: the roster says so rather than showing "nothing due".
    expect(d.requirements).toEqual([]);
    expect(d.notCovered).toEqual([expect.objectContaining({ kind: 'license', code: 'OR' })]);
  });

  it('pages in practitioner id order with a stable cursor: a practitioner added meanwhile is neither repeated nor skipped', async () => {
    const first = await page({ limit: 2 });
    expect(idsOf(first)).toEqual([id('a'), id('b')]);
    expect(first.nextCursor).toEqual(expect.any(String));
    // Sorts before the cursor: it belongs to a page already read.
    await put(id('0'), profile('Ari Early', ['TX']));
    await complianceSettled(service);
    await evaluate(id('0'));
    const second = await page({ limit: 2, cursor: first.nextCursor! });
    expect(idsOf(second)).toEqual([id('c'), id('d')]);
    const third = await page({ limit: 2, cursor: second.nextCursor! });
    expect(idsOf(third)).toEqual([id('e')]);
    expect(third.nextCursor).toBeNull();
    expect(await everyId({}, 3)).toEqual(['0', 'a', 'b', 'c', 'd', 'e'].map(id));
  });

  it('filters by state, requirement, status and deadline, the last three holding for one and the same requirement', async () => {
    expect(await everyId({ state: 'fl' })).toEqual([id('b'), id('c')]);
    expect(await everyId({ requirement: 'tx-pain-clinic', status: 'met' })).toEqual([id('e')]);
    expect(await everyId({ requirement: 'tx-pain-clinic', status: 'at-risk', state: 'FL' })).toEqual([
      id('c'),
    ]);
    const before = addDays(today, 200);
    expect(await everyId({ deadlineBefore: before })).toEqual(
      expected((requirement) => requirement.deadline < before),
    );
    expect(await everyId({ deadlineBefore: before })).not.toContain(id('b'));
    // a is at risk on one requirement and has another due before the date, but no met one: no match.
    expect(await everyId({ status: 'met', deadlineBefore: before })).toEqual([id('e')]);
    expect(await everyId({ status: 'unattainable', state: 'OR' })).toEqual([]);
  });

  it('reads the stored results and evaluates nothing per request', async () => {
    // A stored result made elsewhere (by the listener or the sweep) is what the roster shows, as it is.
    await service.connection
      .collection('compliance_results')
      .updateOne({ _id: id('d') as never }, { $set: { 'practitioner.name': 'Stored Name' } });
    const body = await page({ state: 'OR' });
    expect(body.items.map((item) => item.name)).toEqual(['Stored Name']);
  });

  it('shows what a profile change made of the practitioner even when their standing stayed the same', async () => {
    // A new name changes no status, deadline or remaining hour: no compliance event, but the roster must follow.
    await put(id('b'), profile('Blair Renamed', ['FL']), 200);
    await complianceSettled(service);
    expect((await page({ state: 'FL' })).items.map((item) => item.name)).toEqual([
      'Blair Renamed',
      'Casey Both',
    ]);
  });

  it('exports the whole filtered roster as CSV, one row per requirement, formula-looking cells escaped', async () => {
    const response = await roster({ format: 'csv', state: 'TX' }).expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('attachment');
    const rows = parse(response.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(
      expect.arrayContaining(['practitionerId', 'name', 'requirementId', 'status', 'deadline', 'remaining']),
    );
    // The same practitioners and requirements as the JSON roster with the same filter.
    const json = await page({ state: 'TX', limit: 100 });
    expect(rows.map((row) => [row.practitionerId, row.requirementId])).toEqual(
      json.items.flatMap((entry) => entry.requirements.map((item) => [entry.practitionerId, item.id])),
    );
    const exported = new Set(rows.map((row) => row.practitionerId));
    expect([...exported]).toEqual(expect.arrayContaining([id('a'), id('c'), id('e')]));
    expect([...exported]).not.toContain(id('b'));
    const painClinic = rows.find(
      (row) => row.practitionerId === id('e') && row.requirementId === 'tx-pain-clinic',
    );
    expect(painClinic).toMatchObject({ status: 'met', earned: '10', remaining: '0', licenseStates: 'TX' });
    // The formula is text in a spreadsheet: escaped with a leading quote.
    const formula = rows.find((row) => row.practitionerId === id('a'))!;
    expect(formula.name).toBe(`'=HYPERLINK("https://evil.example.org","open")`);

    const oregon = parse((await roster({ format: 'csv', state: 'OR' }).expect(200)).text, {
      columns: true,
    }) as Record<string, string>[];
    expect(oregon).toEqual([
      expect.objectContaining({ practitionerId: id('d'), requirementId: '', notCovered: 'license:OR' }),
    ]);
  });

  it.each([
    [{ status: 'late' }, 'status'],
    [{ requirement: 'xx-no-such-rule' }, 'requirement'],
    [{ deadlineBefore: '2026-02-30' }, 'deadlineBefore'],
    [{ state: 'ZZ' }, 'state'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ format: 'xlsx' }, 'format'],
    [{ format: 'csv', limit: 5 }, 'limit'],
    [{ sort: 'name' }, ''],
  ])('refuses %j with 400 naming the parameter', async (query, path) => {
    const response = await roster(query).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (path) expect(errorPaths(response.body)).toContain(path);
  });

  it('is for staff: a practitioner gets 403', async () => {
    await api()
      .get('/v1/reports/compliance')
      .set(asPractitioner(id('a')))
      .expect(403);
  });
});
