import {
  type ComplianceEvaluated,
  ComplianceEvaluatedSchema,
  ComplianceEventTypes,
  type DomainEvent,
  Topics,
} from '@cme/contracts';
import { calendarDateIn } from '@cme/requirements';
import {
  asPractitioner,
  asStaff,
  EventTap,
  startTestService,
  type TestService,
  uniqueSuffix,
} from '@cme/testing';
import request from 'supertest';

import { ComplianceEvaluator } from '../src/compliance/compliance-evaluator';
import { ComplianceSweep } from '../src/compliance/compliance-sweep';
import { creditsService } from '../src/credits.module';
import {
  addDays,
  CatalogFeed,
  complianceSettled,
  courseSnapshot,
  errorPaths,
  outsideCredit,
  sampleProfile,
} from './credits-test-support';

interface Requirement {
  id: string;
  status: string;
  deadline: string;
  cycle: { start: string | null; end: string };
  required: number;
  earned: number;
  remaining: number;
  components: { name: string; kind: string; required: number; earned: number; remaining: number }[];
  allocations: { creditId: string; type: string; amount: number }[];
}
interface ComplianceView {
  asOf: string;
  requirements: Requirement[];
  notCovered: { kind: string; code: string; detail: string }[];
}

const TIMEZONE = 'America/Chicago';

describe('compliance (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let tap: EventTap;
  let feed: CatalogFeed;
  /** Today on the practitioners' calendar (the suite does not straddle its midnight: asserted at the end). */
  let today: string;
  /** The Texas license's expiry: 150 days away, so its 24-month CME period and pain-clinic year end then. */
  let expiry: string;

  const api = () => request(service.url);
  const newId = () => `c-${uniqueSuffix()}-${uniqueSuffix()}`;
  /** A Texas physician of a pain clinic, not in direct patient care, without board or DEA registration. */
  const texasProfile = (overrides: Record<string, unknown> = {}) =>
    sampleProfile({
      timezone: TIMEZONE,
      boards: [],
      dea: null,
      flags: { directPatientCare: false, painClinic: true },
      licenses: [{ state: 'TX', number: 'TX-12345', expiresOn: expiry }],
      ...overrides,
    });
  const put = (id: string, body: object) =>
    api().put('/v1/practitioners/me').set(asPractitioner(id)).send(body);
  const mine = async (id: string, query: Record<string, string> = {}): Promise<ComplianceView> =>
    (await api().get('/v1/practitioners/me/compliance').query(query).set(asPractitioner(id)).expect(200))
      .body;
  const requirement = (view: ComplianceView, id: string) => view.requirements.find((item) => item.id === id);
  const record = async (id: string, body: object): Promise<string> =>
    (await api().post('/v1/practitioners/me/credits').set(asPractitioner(id)).send(body).expect(201)).body.id;
  /** Ten formal hours of pain management, completed today. */
  const painHours = (amount = 10) =>
    outsideCredit(
      { completedOn: today, claimed: [{ type: 'AMA_PRA_1', amount }] },
      { title: `Pain management ${uniqueSuffix()}`, topics: ['pain-management'] },
    );
  /** The compliance events published about `id` so far (once everything the test did has settled). */
  const eventsOf = async (id: string): Promise<ComplianceEvaluated[]> => {
    await complianceSettled(service, tap);
    return tap.events
      .filter((event: DomainEvent) => event.subject === id && event.type === ComplianceEventTypes.evaluated)
      .map((event) => ComplianceEvaluatedSchema.parse(event.data));
  };
  const statusesOf = (event: ComplianceEvaluated) =>
    Object.fromEntries(event.requirements.map((item) => [item.id, item.status]));

  beforeAll(async () => {
    service = await startTestService(creditsService);
    [tap, feed] = await Promise.all([EventTap.open(Topics.compliance), CatalogFeed.connect()]);
    today = calendarDateIn(TIMEZONE, new Date());
    expiry = addDays(today, 150);
  });

  afterAll(async () => {
    await feed?.close();
    await tap?.close();
    await service?.close();
  });

  describe("a practitioner's journey: profile, credits, compliance, one event per change", () => {
    it('evaluates the Texas rules, counts one credit toward every requirement it serves, and publishes only changes', async () => {
      const id = newId();
      await put(id, texasProfile()).expect(201);

      // 22 TAC 161.35: 48 hours per 24-month period ending at the license expiry, 24 formal, 2 of ethics;
      // pain-clinic licensees: 10 hours of pain management a year. No board, no DEA registration, no
      // direct patient care: nothing else applies.
      const before = await mine(id);
      expect(before.asOf).toBe(today);
      expect(before.notCovered).toEqual([]);
      expect(before.requirements.map((item) => item.id).sort()).toEqual([
        'tx-pain-clinic',
        'tx-physician-cme',
      ]);
      expect(requirement(before, 'tx-physician-cme')).toMatchObject({
        deadline: expiry,
        cycle: { start: addDays(`${Number(expiry.slice(0, 4)) - 2}${expiry.slice(4)}`, 1), end: expiry },
        required: 48,
        earned: 0,
        remaining: 48,
        status: 'at-risk',
      });
      expect(requirement(before, 'tx-physician-cme')!.components).toEqual([
        expect.objectContaining({ name: 'Total', kind: 'total', required: 48, remaining: 48 }),
        expect.objectContaining({ kind: 'category', required: 24, remaining: 24 }),
        expect.objectContaining({ kind: 'topic', required: 2, remaining: 2 }),
      ]);
      expect(requirement(before, 'tx-pain-clinic')).toMatchObject({
        deadline: expiry,
        required: 10,
        remaining: 10,
        status: 'at-risk',
      });

      const creditId = await record(id, painHours());
      const after = await mine(id);
      // One credit serves both: all 10 hours toward the pain-clinic hours, and toward the total and formal hours.
      expect(requirement(after, 'tx-pain-clinic')).toMatchObject({ status: 'met', earned: 10, remaining: 0 });
      expect(requirement(after, 'tx-pain-clinic')!.allocations).toEqual([
        { creditId, type: 'AMA_PRA_1', amount: 10 },
      ]);
      expect(requirement(after, 'tx-physician-cme')).toMatchObject({ earned: 10, remaining: 38 });
      expect(requirement(after, 'tx-physician-cme')!.components.map((item) => item.remaining)).toEqual([
        38, 14, 2,
      ]);
      expect(requirement(after, 'tx-physician-cme')!.allocations).toEqual([
        { creditId, type: 'AMA_PRA_1', amount: 10 },
      ]);

      const events = await eventsOf(id);
      expect(events.map((event) => event.version)).toEqual([1, 2]);
      expect(events.map(statusesOf)).toEqual([
        { 'tx-pain-clinic': 'at-risk', 'tx-physician-cme': 'at-risk' },
        { 'tx-pain-clinic': 'met', 'tx-physician-cme': 'at-risk' },
      ]);
      const cme = events[1].requirements.find((item) => item.id === 'tx-physician-cme')!;
      expect(cme).toMatchObject({ deadline: expiry, remaining: 38 });
      expect(cme.components.map((item) => item.remaining)).toEqual([38, 14, 2]);

      // Changes that leave every status, deadline and remaining hour as they were publish nothing: the same
      // profile again, and a pharmacy credit no physician rule accepts.
      await put(id, texasProfile()).expect(200);
      await record(
        id,
        outsideCredit(
          { completedOn: today, claimed: [{ type: 'ACPE_CPE', amount: 3 }] },
          { title: 'Pharmacy' },
        ),
      );
      expect(await eventsOf(id)).toHaveLength(2);

      // Voiding the credit reopens the gap: one event more.
      await api().delete(`/v1/practitioners/me/credits/${creditId}`).set(asPractitioner(id)).expect(204);
      expect(requirement(await mine(id), 'tx-pain-clinic')).toMatchObject({
        status: 'at-risk',
        remaining: 10,
      });
      const afterVoid = await eventsOf(id);
      expect(afterVoid).toHaveLength(3);
      expect(statusesOf(afterVoid[2])).toEqual({
        'tx-pain-clinic': 'at-risk',
        'tx-physician-cme': 'at-risk',
      });
      expect(afterVoid[2].version).toBe(3);

      // A profile change that adds a requirement publishes it: direct patient care brings the Texas opioid hours.
      await put(id, texasProfile({ flags: { directPatientCare: true, painClinic: true } })).expect(200);
      const withOpioid = await eventsOf(id);
      expect(withOpioid).toHaveLength(4);
      expect(Object.keys(statusesOf(withOpioid[3]))).toEqual(
        expect.arrayContaining(['tx-opioid-pain-periodic', 'tx-pain-clinic', 'tx-physician-cme']),
      );
    });
  });

  describe('notCovered', () => {
    it('names a license and a board no rule pack covers, rather than answering an empty "nothing due"', async () => {
      const id = newId();
      await put(
        id,
        texasProfile({
          licenses: [
            { state: 'OR', number: 'OR-5555', expiresOn: expiry },
            { state: 'TX', number: 'TX-12345', expiresOn: expiry },
          ],
          boards: [{ board: 'ABIM', specialty: 'internal-medicine', certifiedSince: '2015-01-01' }],
        }),
      ).expect(201);
      const view = await mine(id);
      expect(view.notCovered).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'license', code: 'OR' }),
          expect.objectContaining({ kind: 'board', code: 'ABIM' }),
        ]),
      );
      expect(view.notCovered).toHaveLength(2);
      // The Texas license is covered all the same.
      expect(requirement(view, 'tx-physician-cme')).toBeDefined();

      const only = newId();
      await put(
        only,
        texasProfile({ licenses: [{ state: 'OR', number: 'OR-1', expiresOn: expiry }] }),
      ).expect(201);
      const uncovered = await mine(only);
      expect(uncovered.requirements).toEqual([]);
      expect(uncovered.notCovered).toEqual([expect.objectContaining({ kind: 'license', code: 'OR' })]);
      const [event] = await eventsOf(only);
      expect(event.notCovered).toEqual([expect.objectContaining({ kind: 'license', code: 'OR' })]);
    });
  });

  describe('asOf', () => {
    let id: string;
    beforeAll(async () => {
      id = newId();
      await put(id, texasProfile()).expect(201);
    });

    it("defaults to today on the practitioner's calendar, and evaluates any other day asked for", async () => {
      expect((await mine(id)).asOf).toBe(today);
      // The last day of the period is still in time; the day after, the hours are overdue.
      const onDeadline = await mine(id, { asOf: expiry });
      expect(requirement(onDeadline, 'tx-physician-cme')?.status).toBe('at-risk');
      const late = await mine(id, { asOf: addDays(expiry, 1) });
      expect(late.asOf).toBe(addDays(expiry, 1));
      expect(requirement(late, 'tx-physician-cme')).toMatchObject({ status: 'overdue', deadline: expiry });
      expect(requirement(late, 'tx-pain-clinic')?.status).toBe('overdue');
    });

    it.each([['2026-02-30'], ['30/11/2026'], ['2026-11-30T00:00:00Z'], ['today']])(
      'refuses asOf=%s with 400',
      async (asOf) => {
        const response = await api()
          .get('/v1/practitioners/me/compliance')
          .query({ asOf })
          .set(asPractitioner(id))
          .expect(400);
        expect(errorPaths(response.body)).toEqual(['asOf']);
      },
    );

    it('refuses an unknown query parameter with 400', async () => {
      await api()
        .get('/v1/practitioners/me/compliance')
        .query({ when: today })
        .set(asPractitioner(id))
        .expect(400);
    });
  });

  describe('who may read it', () => {
    it('answers staff and the practitioner themself alike, another practitioner 403, an unknown one 404', async () => {
      const id = newId();
      await put(id, texasProfile()).expect(201);
      const own = await mine(id);
      const staff = await api()
        .get(`/v1/practitioners/${id}/compliance`)
        .set(asStaff('staff-reader'))
        .expect(200);
      expect(staff.body.requirements).toEqual(own.requirements);
      await api().get(`/v1/practitioners/${id}/compliance`).set(asPractitioner(newId())).expect(403);
      await api().get(`/v1/practitioners/${newId()}/compliance`).set(asStaff('staff-reader')).expect(404);
      const missing = await api()
        .get('/v1/practitioners/me/compliance')
        .set(asPractitioner(newId()))
        .expect(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('GET /v1/requirements', () => {
    it('lists every rule with its source, effective dates, version and verified flag', async () => {
      const { body } = await api().get('/v1/requirements').set(asPractitioner(newId())).expect(200);
      const ids = body.items.map((item: { id: string }) => item.id);
      expect(ids).toEqual([...ids].sort());
      expect(ids).toEqual(
        expect.arrayContaining(['tx-physician-cme', 'tx-pain-clinic', 'dea-mate-training']),
      );
      const cme = body.items.find((item: { id: string }) => item.id === 'tx-physician-cme');
      expect(cme).toMatchObject({ pack: 'tx-physician', authority: 'Texas Medical Board' });
      expect(cme.versions[0]).toMatchObject({
        source: expect.stringMatching(/^https:\/\//),
        effectiveFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        version: expect.any(String),
        verified: true,
      });
      // An unverified fact is flagged as such (requirements.md marks it UNVERIFIED).
      const trafficking = body.items.find((item: { id: string }) => item.id === 'tx-human-trafficking');
      expect(trafficking.versions.every((version: { verified: boolean }) => version.verified === false)).toBe(
        true,
      );
    });

    it('answers one requirement, and 404 problem+json for an id no pack defines', async () => {
      const caller = asPractitioner(newId());
      const one = await api().get('/v1/requirements/tx-physician-cme').set(caller).expect(200);
      expect(one.body).toMatchObject({ id: 'tx-physician-cme', pack: 'tx-physician' });
      expect(one.body.versions.length).toBeGreaterThan(0);
      const missing = await api().get('/v1/requirements/xx-no-such-rule').set(caller).expect(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      await api()
        .get(`/v1/requirements/${'x'.repeat(100)}`)
        .set(caller)
        .expect(404);
    });
  });

  describe('a rule-pack version change', () => {
    it('re-evaluates every result stored with older packs through the sweep, publishing only where the standing changed', async () => {
      const [changed, same] = [newId(), newId()];
      await put(changed, texasProfile()).expect(201);
      await put(same, texasProfile()).expect(201);
      await eventsOf(changed);
      const results = service.connection.collection<{ _id: string }>('compliance_results');
      const current = service.app.get(ComplianceEvaluator).rulesVersion;
      // As the older packs left them: `changed` with another standing (the packs then asked 40 hours),
      // `same` with the standing the current packs give.
      await results.updateOne(
        { _id: changed },
        {
          $set: {
            rulesVersion: 'older-packs',
            standingDigest: 'older-standing',
            'requirements.$[cme].remaining': 40,
          },
        },
        { arrayFilters: [{ 'cme.id': 'tx-physician-cme' }] },
      );
      await results.updateOne({ _id: same }, { $set: { rulesVersion: 'older-packs' } });
      const eventsBefore = { changed: (await eventsOf(changed)).length, same: (await eventsOf(same)).length };

      const refreshed = await service.app.get(ComplianceSweep).sweepOnce();
      expect(refreshed).toBeGreaterThanOrEqual(2);

      const stored = await results
        .find({ _id: { $in: [changed, same] } })
        .sort({ _id: 1 })
        .toArray();
      for (const result of stored) expect(result).toMatchObject({ rulesVersion: current });
      const storedChanged = stored.find((result) => result._id === changed) as unknown as {
        requirements: { id: string; remaining: number }[];
      };
      expect(storedChanged.requirements.find((item) => item.id === 'tx-physician-cme')?.remaining).toBe(48);

      const after = { changed: await eventsOf(changed), same: await eventsOf(same) };
      expect(after.changed).toHaveLength(eventsBefore.changed + 1);
      expect(after.changed.at(-1)).toMatchObject({ rulesVersion: current });
      expect(after.same).toHaveLength(eventsBefore.same);
      // Nothing is due any more: a second sweep refreshes neither.
      await service.app.get(ComplianceSweep).sweepOnce();
      expect(await eventsOf(changed)).toHaveLength(eventsBefore.changed + 1);
    });
  });

  describe('recommendations', () => {
    it('ranks catalog courses by the gap hours they close, only courses for the profession and takeable before the deadline', async () => {
      const id = newId();
      await put(id, texasProfile()).expect(201);
      const course = (title: string, overrides: Parameters<typeof courseSnapshot>[0]) =>
        courseSnapshot({ title, professions: ['physician'], ...overrides });
      const formal = (amount: number) => [{ type: 'AMA_PRA_1' as const, amount }];
      const courses = [
        // 40 h: the pain-clinic 10 and 40 of the 48 (all 24 formal among them) = 50 gap hours.
        course(`Pain medicine board review ${id}`, { credits: formal(40), topics: ['pain-management'] }),
        // 10 h: the pain-clinic 10 and 10 of the 48 = 20.
        course(`Pain management update ${id}`, { credits: formal(10), topics: ['pain-management'] }),
        // 2 h of ethics: 2 of the 48 (the ethics minimum is part of the total).
        course(`Ethics in pain practice ${id}`, { credits: formal(2), topics: ['ethics'] }),
        // For nurse practitioners only.
        course(`NP pain pharmacology ${id}`, {
          credits: formal(20),
          topics: ['pain-management'],
          professions: ['nurse-practitioner'],
        }),
        // Nursing contact hours, which no Texas physician rule accepts.
        course(`Nursing pain care ${id}`, {
          credits: [{ type: 'ANCC_CH', amount: 30 }],
          topics: ['pain-management'],
        }),
        // A live course that took place yesterday.
        course(`Past live course ${id}`, {
          format: 'live',
          credits: formal(30),
          topics: ['pain-management'],
          startsOn: addDays(today, -1),
          endsOn: addDays(today, -1),
        }),
        // A live course after the deadline.
        course(`Late live course ${id}`, {
          format: 'live',
          credits: formal(30),
          topics: ['pain-management'],
          startsOn: addDays(expiry, 10),
          endsOn: addDays(expiry, 10),
        }),
      ];
      for (const snapshot of courses) await feed.publish(service, snapshot);

      const { body } = await api()
        .get('/v1/practitioners/me/recommendations')
        .set(asPractitioner(id))
        .expect(200);
      const mineOnly = body.items.filter((item: { course: { title: string } }) =>
        item.course.title.endsWith(id),
      );
      expect(mineOnly.map((item: { course: { title: string } }) => item.course.title)).toEqual([
        `Pain medicine board review ${id}`,
        `Pain management update ${id}`,
        `Ethics in pain practice ${id}`,
      ]);
      expect(mineOnly.map((item: { hoursClosed: number }) => item.hoursClosed)).toEqual([50, 20, 2]);
      expect(mineOnly[1].advances).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            requirementId: 'tx-pain-clinic',
            hours: 10,
            components: [{ name: 'Pain management', hours: 10 }],
          }),
          expect.objectContaining({
            requirementId: 'tx-physician-cme',
            deadline: expiry,
            hours: 10,
            components: [
              { name: 'Total', hours: 10 },
              { name: 'Formal (Category 1 / AOA 1-A)', hours: 10 },
            ],
          }),
        ]),
      );
      const limited = await api()
        .get('/v1/practitioners/me/recommendations')
        .query({ limit: 1 })
        .set(asPractitioner(id))
        .expect(200);
      expect(limited.body.items).toHaveLength(1);
      await api()
        .get('/v1/practitioners/me/recommendations')
        .query({ limit: 0 })
        .set(asPractitioner(id))
        .expect(400);
    });
  });

  it("ran within one day on the practitioners' calendar (its dates are relative to that day)", () => {
    expect(calendarDateIn(TIMEZONE, new Date())).toBe(today);
  });
});
