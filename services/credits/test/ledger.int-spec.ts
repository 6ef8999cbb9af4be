import { randomUUID } from 'node:crypto';

import {
  CourseEventTypes,
  type CourseSnapshot,
  CreditCorrectedSchema,
  CreditRecordedSchema,
  CreditVoidedSchema,
  LedgerEventTypes,
  Topics,
} from '@cme/contracts';
import { asPractitioner, asStaff, EventTap, startTestService, type TestService } from '@cme/testing';
import request from 'supertest';

import { creditsService } from '../src/credits.module';
import { CreditEntryRepository } from '../src/ledger/credit-entry.repository';
import {
  addDays,
  CatalogFeed,
  courseSnapshot,
  errorPaths,
  outsideCredit,
  publishedEvents,
  sampleProfile,
  withTodayIn,
} from './credits-test-support';

interface Entry {
  id: string;
  version: number;
  completedOn: string;
  possibleDuplicateOf?: string;
  [field: string]: unknown;
}

describe('credits ledger (real MongoDB-wire server and Kafka)', () => {
  let service: TestService;
  let feed: CatalogFeed;
  let ledgerTap: EventTap;
  /** A published course the service knows: AMA PRA 1 and ANCC 8 each, two topics. */
  let course: CourseSnapshot;

  beforeAll(async () => {
    // The service provisions its topics at start-up; the tap can only subscribe to a topic that exists.
    service = await startTestService(creditsService);
    [ledgerTap, feed] = await Promise.all([EventTap.open(Topics.ledger), CatalogFeed.connect()]);
    course = courseSnapshot();
    await feed.publish(service, course);
  });

  afterAll(async () => {
    await feed?.close();
    await service?.close();
    await ledgerTap?.close();
  });

  const api = () => request(service.url);
  const newId = () => `p-${randomUUID()}`;
  const post = (practitionerId: string, body: object, idempotencyKey?: string) => {
    const call = api().post('/v1/practitioners/me/credits').set(asPractitioner(practitionerId));
    return (idempotencyKey ? call.set('idempotency-key', idempotencyKey) : call).send(body);
  };
  const record = async (practitionerId: string, body: object): Promise<Entry> =>
    (await post(practitionerId, body).expect(201)).body;
  const claimOf = (overrides: Record<string, unknown> = {}) => ({
    courseId: course.id,
    completedOn: '2026-03-01',
    claimed: [{ type: 'AMA_PRA_1', amount: 6.5 }],
    ...overrides,
  });
  const one = (practitionerId: string, id: string) =>
    api().get(`/v1/practitioners/me/credits/${id}`).set(asPractitioner(practitionerId));
  const patch = (practitionerId: string, id: string, body: object) =>
    api().patch(`/v1/practitioners/me/credits/${id}`).set(asPractitioner(practitionerId)).send(body);
  const remove = (practitionerId: string, id: string) =>
    api().delete(`/v1/practitioners/me/credits/${id}`).set(asPractitioner(practitionerId));
  const list = (practitionerId: string, query: Record<string, string | number | boolean> = {}) =>
    api().get('/v1/practitioners/me/credits').query(query).set(asPractitioner(practitionerId));
  const idsOf = (body: { items: Entry[] }) => body.items.map((item) => item.id);
  /** Every entry of the practitioner's ledger, voided ones included, read page by page. */
  const everyEntry = async (practitionerId: string): Promise<Entry[]> => {
    const entries: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(practitionerId, { includeVoided: true, limit: 100, ...(cursor && { cursor }) });
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return entries;
  };
  /** The ledger events about the practitioner, all of them. */
  const ledgerEventsOf = (practitionerId: string) => publishedEvents(service, ledgerTap, practitionerId);

  describe('recording', () => {
    it('records a catalog claim with the course’s details and publishes credit-recorded', async () => {
      const id = newId();
      const response = await api()
        .post('/v1/practitioners/me/credits')
        .set(asPractitioner(id, `${id}@example.org`, 'Dana Reyes'))
        .send(
          claimOf({ claimed: [{ type: 'AMA_PRA_1', amount: 6.5, topicHours: { 'opioid-prescribing': 2 } }] }),
        )
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        practitionerId: id,
        version: 1,
        source: 'catalog',
        activity: {
          courseId: course.id,
          courseVersion: 1,
          title: course.title,
          provider: 'Pain Society',
          accreditor: 'ACCME',
          activityId: course.provider.accreditationId,
          format: course.format,
          topics: course.topics,
        },
        completedOn: '2026-03-01',
        claimed: [{ type: 'AMA_PRA_1', amount: 6.5, topicHours: { 'opioid-prescribing': 2 } }],
        voided: false,
        history: [{ at: expect.any(String), by: id, action: 'recorded' }],
        recordedAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await one(id, response.body.id).expect(200)).body).toEqual(response.body);

      const event = await ledgerTap.waitFor((e) => e.subject === id);
      expect(event).toMatchObject({ type: LedgerEventTypes.creditRecorded, source: 'credits' });
      expect(CreditRecordedSchema.parse(event.data)).toEqual({
        creditId: response.body.id,
        practitionerId: id,
        version: 1,
        source: 'catalog',
        completedOn: '2026-03-01',
        claimed: response.body.claimed,
        activity: response.body.activity,
        recordedAt: response.body.recordedAt,
        recipient: { email: `${id}@example.org`, name: 'Dana Reyes' },
      });
    });

    it('copies the approvals staff set on a catalog course onto its claims', async () => {
      const approved = courseSnapshot({ approvals: ['fl-board-approved-controlled-substance'] });
      await feed.publish(service, approved);
      const entry = await record(newId(), claimOf({ courseId: approved.id }));
      expect(entry.activity).toMatchObject({
        courseId: approved.id,
        approvals: ['fl-board-approved-controlled-substance'],
      });
    });

    it('records an outside activity as described: an NP certificate with its pharmacology hours', async () => {
      const id = newId();
      const body = outsideCredit(
        { claimed: [{ type: 'ANCC_CH', amount: 2.5, topicHours: { pharmacology: 0.5 } }] },
        {
          title: 'Pain pharmacotherapeutics update',
          provider: 'AANP',
          accreditor: 'ANCC',
          activityId: 'AANP-22-104',
          format: 'internet-enduring',
          topics: ['pain-management'],
          approvals: ['ny-approved-pain-palliative-addiction'],
        },
      );
      const entry = await record(id, body);
      expect(entry).toMatchObject({ source: 'outside', activity: body.activity, claimed: body.claimed });
      expect(entry).not.toHaveProperty('possibleDuplicateOf');
      expect(entry).not.toHaveProperty('idempotency');

      const bare = await record(id, {
        activity: { title: 'Journal CME', provider: 'JAMA' },
        completedOn: '2026-03-02',
        claimed: [{ type: 'AMA_PRA_1', amount: 1 }],
      });
      expect(bare.activity).toEqual({ title: 'Journal CME', provider: 'JAMA', format: 'other', topics: [] });
    });

    it('accepts the edges: 1950-01-01, ANCC 1.33, AMA 6.25, topic hours equal to the amount', async () => {
      const id = newId();
      await record(id, outsideCredit({ completedOn: '1950-01-01' }));
      await record(id, outsideCredit({ claimed: [{ type: 'ANCC_CH', amount: 1.33 }] }, { title: 'ANCC' }));
      await record(id, outsideCredit({ claimed: [{ type: 'AMA_PRA_1', amount: 6.25 }] }, { title: 'AMA' }));
      await record(
        id,
        outsideCredit(
          { claimed: [{ type: 'AMA_PRA_1', amount: 2, topicHours: { pharmacology: 2 } }] },
          { title: 'Whole' },
        ),
      );
    });

    const claimed = (claim: Record<string, unknown>) => ({
      claimed: [{ type: 'AMA_PRA_1', amount: 2, ...claim }],
    });
    it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
      ['a completion before 1950', { completedOn: '1949-12-31' }, {}, 'completedOn'],
      ['a timestamp for the completion', { completedOn: '2026-03-14T10:00:00Z' }, {}, 'completedOn'],
      ['a day that does not exist', { completedOn: '2026-02-29' }, {}, 'completedOn'],
      [
        'an amount a hair above a step (8.0000000001)',
        claimed({ amount: 8.0000000001 }),
        {},
        'claimed[0].amount',
      ],
      ['an amount between steps (6.3)', claimed({ amount: 6.3 }), {}, 'claimed[0].amount'],
      [
        'ANCC hours beyond hundredths (1.333)',
        claimed({ type: 'ANCC_CH', amount: 1.333 }),
        {},
        'claimed[0].amount',
      ],
      ['a zero amount', claimed({ amount: 0 }), {}, 'claimed[0].amount'],
      ['an amount above 100', claimed({ amount: 100.25 }), {}, 'claimed[0].amount'],
      ['an amount as text', claimed({ amount: '2' }), {}, 'claimed[0].amount'],
      [
        'topic hours above the amount',
        claimed({ topicHours: { pharmacology: 2.25 } }),
        {},
        'claimed[0].topicHours.pharmacology',
      ],
      [
        'topic hours between steps',
        claimed({ topicHours: { pharmacology: 0.3 } }),
        {},
        'claimed[0].topicHours.pharmacology',
      ],
      [
        'topic hours of an unknown topic',
        claimed({ topicHours: { astrology: 1 } }),
        {},
        'claimed[0].topicHours',
      ],
      ['an unknown credit type', claimed({ type: 'CME_ANY' }), {}, 'claimed[0].type'],
      [
        'one credit type claimed twice',
        {
          claimed: [
            { type: 'AMA_PRA_1', amount: 1 },
            { type: 'AMA_PRA_1', amount: 2 },
          ],
        },
        {},
        'claimed[1].type',
      ],
      ['nothing claimed', { claimed: [] }, {}, 'claimed'],
      ['a title with a control character', {}, { title: 'Opioids\u0007' }, 'activity.title'],
      ['a title with a line break', {}, { title: 'Opioids\nand more' }, 'activity.title'],
      ['a title with a lone surrogate', {}, { title: 'Opioids \uDC00' }, 'activity.title'],
      ['a provider with a lone surrogate', {}, { provider: '\uD83D Pain Society' }, 'activity.provider'],
      [
        'a provider with an escape character',
        {},
        { provider: 'Pain \u001b[31mSociety' },
        'activity.provider',
      ],
      ['a blank title', {}, { title: '   ' }, 'activity.title'],
      ['no title', {}, { title: undefined }, 'activity.title'],
      ['no provider', {}, { provider: undefined }, 'activity.provider'],
      ['an unknown topic', {}, { topics: ['astrology'] }, 'activity.topics[0]'],
      ['a topic twice', {}, { topics: ['ethics', 'ethics'] }, 'activity.topics'],
      ['an unknown format', {}, { format: 'podcast' }, 'activity.format'],
      ['an unknown approval', {}, { approvals: ['self-approved'] }, 'activity.approvals[0]'],
      ['a malformed certificate id', { certificateId: '../etc/passwd' }, {}, 'certificateId'],
      ['an unknown field', { verified: true }, {}, ''],
      ['an unknown activity field', {}, { credits: 9 }, 'activity'],
    ])('refuses an outside activity with %s (400)', async (_, change, activityChange, path) => {
      const response = await post(newId(), outsideCredit(change, activityChange)).expect(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(errorPaths(response.body)).toEqual([path]);
    });

    it('refuses a catalog claim beyond the course: amount, type and topic hours of other topics (422)', async () => {
      const response = await post(
        newId(),
        claimOf({
          claimed: [
            { type: 'AMA_PRA_1', amount: 8.25 },
            { type: 'ACPE_CPE', amount: 1 },
            { type: 'ANCC_CH', amount: 2, topicHours: { pharmacology: 1, 'opioid-prescribing': 1 } },
          ],
        }),
      ).expect(422);
      expect(response.body).toMatchObject({ code: 'claim-exceeds-course' });
      expect(response.body.errors).toEqual([
        { path: 'claimed[0].amount', message: 'at most 8 AMA_PRA_1 can be claimed' },
        { path: 'claimed[1].type', message: 'the course designates no ACPE_CPE credit' },
        { path: 'claimed[2].topicHours.pharmacology', message: 'is not a topic of the course' },
      ]);
    });

    it('refuses a claim of a course that is not in the catalog, or no longer (422)', async () => {
      const unknown = await post(newId(), claimOf({ courseId: 'never-published' })).expect(422);
      expect(unknown.body.code).toBe('course-not-in-catalog');
      const retiring = courseSnapshot();
      await feed.publish(service, retiring);
      await post(newId(), claimOf({ courseId: retiring.id })).expect(201);
      await feed.publish(service, { ...retiring, version: 2, status: 'retired' }, CourseEventTypes.retired);
      const retired = await post(newId(), claimOf({ courseId: retiring.id })).expect(422);
      expect(retired.body.code).toBe('course-not-in-catalog');
    });

    it('ignores an out-of-date course event (version-conditional read model)', async () => {
      const versioned = courseSnapshot({ version: 2, title: 'Version two' });
      await feed.publish(service, versioned, CourseEventTypes.updated);
      await feed.publish(
        service,
        { ...versioned, version: 1, title: 'Version one', status: 'retired' },
        CourseEventTypes.retired,
      );
      const entry = await record(newId(), claimOf({ courseId: versioned.id }));
      expect(entry.activity).toMatchObject({ title: 'Version two', courseVersion: 2 });
    });

    it('needs a practitioner’s token', async () => {
      await api().post('/v1/practitioners/me/credits').send(outsideCredit()).expect(401);
      await api().post('/v1/practitioners/me/credits').set(asStaff()).send(outsideCredit()).expect(403);
    });
  });

  describe('completion dates in the practitioner’s today', () => {
    const futureError = (today: string) => ({
      code: 'completed-in-the-future',
      errors: [{ path: 'completedOn', message: `must not be after ${today}, today in your time zone` }],
    });

    it('without a profile, takes the latest today anywhere (UTC+14)', async () => {
      const id = newId();
      const outcome = await withTodayIn(['Etc/GMT-14'], async ([today]) => ({
        today,
        onToday: await post(id, outsideCredit({ completedOn: today })),
        tomorrow: await post(id, outsideCredit({ completedOn: addDays(today, 1) }, { title: 'Tomorrow' })),
      }));
      expect(outcome.onToday.status).toBe(201);
      expect(outcome.tomorrow.status).toBe(400);
      expect(outcome.tomorrow.body).toMatchObject(futureError(outcome.today));
    });

    it('judges the same date by each practitioner’s zone: Pacific/Kiritimati (UTC+14) and Pacific/Pago_Pago (UTC−11)', async () => {
      const kiritimati = newId();
      const pagoPago = newId();
      await api()
        .put('/v1/practitioners/me')
        .set(asPractitioner(kiritimati))
        .send(sampleProfile({ timezone: 'Pacific/Kiritimati' }))
        .expect(201);
      // No time zone of its own: its first license is in American Samoa.
      await api()
        .put('/v1/practitioners/me')
        .set(asPractitioner(pagoPago))
        .send(sampleProfile({ licenses: [{ state: 'AS', number: 'AS-1', expiresOn: '2027-06-30' }] }))
        .expect(201);

      const outcome = await withTodayIn(['Pacific/Kiritimati', 'Pacific/Pago_Pago'], async ([kiri, pago]) => {
        const status = async (practitionerId: string, completedOn: string) =>
          (await post(practitionerId, outsideCredit({ completedOn }, { title: `On ${completedOn}` }))).body;
        return {
          kiri,
          pago,
          // 25 hours apart: Kiritimati's today is always a day or two after Pago Pago's.
          kiritimatiToday: await status(kiritimati, kiri),
          kiritimatiTomorrow: await status(kiritimati, addDays(kiri, 1)),
          pagoPagoOnKiritimatiToday: await status(pagoPago, kiri),
          pagoPagoToday: await status(pagoPago, pago),
          pagoPagoTomorrow: await status(pagoPago, addDays(pago, 1)),
        };
      });
      expect(outcome.kiritimatiToday).toMatchObject({ completedOn: outcome.kiri });
      expect(outcome.kiritimatiTomorrow).toMatchObject(futureError(outcome.kiri));
      expect(outcome.pagoPagoOnKiritimatiToday).toMatchObject(futureError(outcome.pago));
      expect(outcome.pagoPagoToday).toMatchObject({ completedOn: outcome.pago });
      expect(outcome.pagoPagoTomorrow).toMatchObject(futureError(outcome.pago));
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the same body with the first entry (200) and records nothing new', async () => {
      const id = newId();
      const key = `key-${randomUUID()}`;
      const body = outsideCredit({
        claimed: [
          { type: 'AMA_PRA_1', amount: 2, topicHours: { pharmacology: 0.5, 'opioid-prescribing': 1 } },
        ],
      });
      const first = await post(id, body, key).expect(201);
      const retry = await post(id, body, key).expect(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      // The same request with its fields in another order is the same request.
      const reordered = {
        claimed: [
          { topicHours: { 'opioid-prescribing': 1, pharmacology: 0.5 }, amount: 2, type: 'AMA_PRA_1' },
        ],
        completedOn: '2026-03-14',
        activity: {
          topics: ['opioid-prescribing'],
          format: 'live',
          provider: 'State Pain Society',
          title: 'Opioid tapering in practice',
        },
      };
      expect((await post(id, reordered, key).expect(200)).body).toEqual(first.body);

      expect((await everyEntry(id)).map((entry) => entry.id)).toEqual([first.body.id]);
      const events = await ledgerEventsOf(id);
      expect(events.map((event) => [event.type, (event.data as { creditId: string }).creditId])).toEqual([
        [LedgerEventTypes.creditRecorded, first.body.id],
      ]);
    });

    it('refuses the same key with another body (422, naming the conflict) and records nothing', async () => {
      const id = newId();
      const key = `key-${randomUUID()}`;
      const first = await post(id, outsideCredit(), key).expect(201);
      const reused = await post(id, outsideCredit({ completedOn: '2026-03-15' }), key).expect(422);
      expect(reused.body).toMatchObject({
        status: 422,
        code: 'idempotency-key-reused',
        errors: [{ path: 'Idempotency-Key', message: 'already used for another request body' }],
      });
      // Also when the other body is a catalog claim.
      await post(id, claimOf(), key).expect(422);

      expect((await everyEntry(id)).map((entry) => entry.id)).toEqual([first.body.id]);
      const events = await ledgerEventsOf(id);
      expect(events.map((event) => (event.data as { creditId: string }).creditId)).toEqual([first.body.id]);
    });

    it('keeps keys apart per practitioner, and answers concurrent retries with one entry', async () => {
      const key = `key-${randomUUID()}`;
      const [a, b] = [newId(), newId()];
      const ofA = await post(a, outsideCredit(), key).expect(201);
      const ofB = await post(b, outsideCredit({ completedOn: '2026-01-01' }), key).expect(201);
      expect(ofB.body.id).not.toBe(ofA.body.id);

      const c = newId();
      const concurrent = await Promise.all(Array.from({ length: 6 }, () => post(c, outsideCredit(), key)));
      expect(concurrent.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(concurrent.map((response) => response.body.id)).size).toBe(1);
      const events = await ledgerEventsOf(c);
      expect(events).toHaveLength(1);
    });

    it.each(['short', 'has spaces in it', 'x'.repeat(101), 'ümlaut-key'])(
      'refuses the key %p (400)',
      async (key) => {
        const response = await post(newId(), outsideCredit(), key).expect(400);
        expect(response.body.errors).toEqual([
          { path: '', message: 'Idempotency-Key must be 8 to 100 letters, digits, "-" or "_"' },
        ]);
      },
    );
  });

  describe('listing', () => {
    const p = newId();
    let e1: Entry;
    let e2: Entry;
    let e3: Entry;
    let e4: Entry;

    beforeAll(async () => {
      e1 = await record(
        p,
        outsideCredit({ completedOn: '2026-01-10' }, { title: 'E1', topics: ['pain-management'] }),
      );
      e2 = await record(
        p,
        outsideCredit(
          {
            completedOn: '2026-02-10',
            claimed: [{ type: 'ANCC_CH', amount: 1.5, topicHours: { pharmacology: 0.5 } }],
          },
          { title: 'E2', topics: [] },
        ),
      );
      e3 = await record(
        p,
        claimOf({ completedOn: '2026-03-10', claimed: [{ type: 'AMA_PRA_1', amount: 1 }] }),
      );
      e4 = await record(
        p,
        outsideCredit(
          { completedOn: '2026-04-10', claimed: [{ type: 'AMA_PRA_2', amount: 3 }] },
          { title: 'E4', topics: ['ethics'] },
        ),
      );
      await remove(p, e4.id).expect(204);
    });

    it.each<[string, Record<string, string | number | boolean>, () => Entry[]]>([
      ['newest completion first, voided left out', {}, () => [e3, e2, e1]],
      ['voided ones on request', { includeVoided: true }, () => [e4, e3, e2, e1]],
      ['from a date (inclusive)', { from: '2026-02-10' }, () => [e3, e2]],
      ['up to a date (inclusive)', { to: '2026-02-10' }, () => [e2, e1]],
      ['between dates', { from: '2026-02-01', to: '2026-03-31', includeVoided: true }, () => [e3, e2]],
      ['of a credit type', { type: 'AMA_PRA_1' }, () => [e3, e1]],
      ['of a credit type, voided included', { type: 'AMA_PRA_2', includeVoided: true }, () => [e4]],
      ['of a topic of the activity', { topic: 'opioid-prescribing' }, () => [e3]],
      ['of a topic with topic hours', { topic: 'pharmacology' }, () => [e2]],
      ['of a topic, voided included', { topic: 'ethics', includeVoided: 'true' }, () => [e4]],
      ['from the catalog', { source: 'catalog' }, () => [e3]],
      ['outside the catalog', { source: 'outside' }, () => [e2, e1]],
      [
        'combined',
        { source: 'outside', type: 'AMA_PRA_1', from: '2026-01-01', includeVoided: true },
        () => [e1],
      ],
    ])('lists %s', async (_, query, expected) => {
      const response = await list(p, query).expect(200);
      expect(idsOf(response.body)).toEqual(expected().map((entry) => entry.id));
      expect(response.body.nextCursor).toBeNull();
    });

    it.each<[Record<string, string | number>, string]>([
      [{ from: '2026-03-01', to: '2026-02-01' }, 'to'],
      [{ from: '2026-03-01T00:00:00Z' }, 'from'],
      [{ type: 'CME_ANY' }, 'type'],
      [{ topic: 'astrology' }, 'topic'],
      [{ source: 'import' }, 'source'],
      [{ includeVoided: 'yes' }, 'includeVoided'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
      [{ sort: 'title' }, ''],
    ])('refuses the query %p (400)', async (query, path) => {
      const response = await list(p, query).expect(400);
      expect(errorPaths(response.body)).toEqual([path]);
    });

    it('lets staff read any practitioner’s ledger, the practitioner theirs, no other practitioner', async () => {
      const mine = (await list(p, { includeVoided: true }).expect(200)).body;
      const ofP = (query: Record<string, string> = {}) =>
        api().get(`/v1/practitioners/${p}/credits`).query(query).set(asStaff());
      expect((await ofP({ includeVoided: 'true' }).expect(200)).body).toEqual(mine);
      expect(idsOf((await ofP({ source: 'catalog' }).expect(200)).body)).toEqual([e3.id]);
      await api().get(`/v1/practitioners/${p}/credits`).set(asPractitioner(p)).expect(200);
      const refused = await api()
        .get(`/v1/practitioners/${p}/credits`)
        .set(asPractitioner(newId()))
        .expect(403);
      expect(refused.body.code).toBe('not-self-or-staff');
      await api().get('/v1/practitioners/me/credits').set(asStaff()).expect(403);
    });
  });

  describe('cursor pages', () => {
    it('pages 20 by default, and pages stay stable while entries are added: no duplicate, no gap', async () => {
      const id = newId();
      const dates = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'];
      const initial: Entry[] = [];
      for (let i = 0; i < 25; i++) {
        // Five entries share each date: the id breaks the tie.
        initial.push(await record(id, outsideCredit({ completedOn: dates[i % 5] }, { title: `Entry ${i}` })));
      }
      const firstPage = (await list(id).expect(200)).body;
      expect(firstPage.items).toHaveLength(20);
      expect(firstPage.nextCursor).toEqual(expect.any(String));

      const seen: Entry[] = [];
      // Older entries added while the cursor was still above their date: each must be on a later page.
      const addedAhead: Entry[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const response: request.Response = await list(id, { limit: 7, ...(cursor ? { cursor } : {}) }).expect(
          200,
        );
        seen.push(...response.body.items);
        cursor = response.body.nextCursor;
        // Between pages: one entry newer than everything, one older, one on the date the cursor is at.
        const at = seen.at(-1)!.completedOn;
        await record(id, outsideCredit({ completedOn: '2026-02-01' }, { title: `Newer ${page}` }));
        const older = await record(
          id,
          outsideCredit({ completedOn: '2025-12-01' }, { title: `Older ${page}` }),
        );
        if (at > older.completedOn) addedAhead.push(older);
        await record(id, outsideCredit({ completedOn: at }, { title: `Same day ${page}` }));
        page++;
      } while (cursor);

      const seenIds = seen.map((entry) => entry.id);
      expect(new Set(seenIds).size).toBe(seenIds.length);
      expect(seenIds).toEqual(expect.arrayContaining(initial.map((entry) => entry.id)));
      const order = seen.map((entry) => `${entry.completedOn} ${entry.id}`);
      expect(order).toEqual([...order].sort().reverse());
      // (Once the cursor is on the older entries' date, a new one may sort before it, by its random id.)
      expect(addedAhead.length).toBeGreaterThan(0);
      expect(seenIds).toEqual(expect.arrayContaining(addedAhead.map((entry) => entry.id)));
    });
  });

  describe('corrections', () => {
    it('corrects an outside entry, keeping the fields not named and the history of who changed what', async () => {
      const id = newId();
      const entry = await record(
        id,
        outsideCredit(
          {},
          {
            accreditor: 'ACCME',
            activityId: 'SPS-2026-1',
            topics: ['opioid-prescribing', 'pain-management'],
          },
        ),
      );
      const corrected = await patch(id, entry.id, {
        completedOn: '2026-03-01',
        claimed: [{ type: 'AMA_PRA_1', amount: 3, topicHours: { 'opioid-prescribing': 1 } }],
        activity: { title: 'Opioid tapering in practice, part 1' },
      }).expect(200);
      const activity = { ...(entry.activity as object), title: 'Opioid tapering in practice, part 1' };
      expect(corrected.body).toMatchObject({
        id: entry.id,
        version: 2,
        completedOn: '2026-03-01',
        claimed: [{ type: 'AMA_PRA_1', amount: 3, topicHours: { 'opioid-prescribing': 1 } }],
        activity,
        recordedAt: entry.recordedAt,
      });
      expect(corrected.body.history).toEqual([
        ...(entry.history as object[]),
        {
          at: corrected.body.updatedAt,
          by: id,
          action: 'corrected',
          changes: [
            { field: 'completedOn', before: '2026-03-14', after: '2026-03-01' },
            { field: 'claimed', before: entry.claimed, after: corrected.body.claimed },
            { field: 'activity', before: entry.activity, after: activity },
          ],
        },
      ]);
      expect((await one(id, entry.id).expect(200)).body).toEqual(corrected.body);

      // A correction that changes nothing is no new version.
      const same = await patch(id, entry.id, {
        completedOn: '2026-03-01',
        activity: { format: 'live' },
      }).expect(200);
      expect(same.body).toEqual(corrected.body);

      const events = await ledgerEventsOf(id);
      expect(events.map((event) => event.type)).toEqual([
        LedgerEventTypes.creditRecorded,
        LedgerEventTypes.creditCorrected,
      ]);
      expect(CreditCorrectedSchema.parse(events[1].data)).toEqual({
        creditId: entry.id,
        practitionerId: id,
        version: 2,
        source: 'outside',
        completedOn: '2026-03-01',
        claimed: corrected.body.claimed,
        activity,
        recordedAt: entry.recordedAt,
        correctedAt: corrected.body.updatedAt,
        changedFields: ['completedOn', 'claimed', 'activity'],
      });
    });

    it('keeps a catalog claim’s details as the catalog has them; its date and amounts can be corrected', async () => {
      const id = newId();
      const entry = await record(id, claimOf());
      const fixed = await patch(id, entry.id, { activity: { title: 'My own title' } }).expect(400);
      expect(fixed.body).toMatchObject({ code: 'catalog-activity-fixed', errors: [{ path: 'activity' }] });
      const beyond = await patch(id, entry.id, { claimed: [{ type: 'AMA_PRA_1', amount: 9 }] }).expect(422);
      expect(beyond.body.errors).toEqual([
        { path: 'claimed[0].amount', message: 'at most 8 AMA_PRA_1 can be claimed' },
      ]);
      const offTopic = await patch(id, entry.id, {
        claimed: [{ type: 'AMA_PRA_1', amount: 2, topicHours: { ethics: 1 } }],
      }).expect(422);
      expect(errorPaths(offTopic.body)).toEqual(['claimed[0].topicHours.ethics']);
      const corrected = await patch(id, entry.id, {
        completedOn: '2026-02-27',
        claimed: [{ type: 'ANCC_CH', amount: 7.75, topicHours: { 'substance-use-disorder': 1.5 } }],
      }).expect(200);
      expect(corrected.body).toMatchObject({
        version: 2,
        activity: entry.activity,
        completedOn: '2026-02-27',
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an empty correction', {}, ''],
      ['an unknown field', { voided: false }, ''],
      ['an unknown activity field', { activity: { courseId: 'x' } }, 'activity'],
      ['a date before 1950', { completedOn: '1949-01-01' }, 'completedOn'],
      [
        'an amount off its step',
        { claimed: [{ type: 'AMA_PRA_1', amount: 8.0000000001 }] },
        'claimed[0].amount',
      ],
      ['a title with a control character', { activity: { title: 'A\u0000B' } }, 'activity.title'],
      ['a blank provider', { activity: { provider: ' ' } }, 'activity.provider'],
      ['confirmedDistinct false', { confirmedDistinct: false }, 'confirmedDistinct'],
    ])('refuses %s (400)', async (_, body, path) => {
      const id = newId();
      const entry = await record(id, outsideCredit());
      const response = await patch(id, entry.id, body).expect(400);
      expect(errorPaths(response.body)).toEqual([path]);
    });

    it('applies concurrent corrections one version at a time: each answered one is in the history, the rest 409', async () => {
      const id = newId();
      const entry = await record(id, outsideCredit());
      const dates = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];
      const responses = await Promise.all(dates.map((completedOn) => patch(id, entry.id, { completedOn })));
      const applied = responses.filter((response) => response.status === 200);
      expect(applied.length).toBeGreaterThanOrEqual(1);
      for (const response of responses.filter((r) => r.status !== 200)) {
        expect(response.status).toBe(409);
        expect(response.body.code).toBe('credit-changed');
      }
      const final = (await one(id, entry.id).expect(200)).body;
      expect(final.version).toBe(1 + applied.length);
      expect(final.history.map((change: { action: string }) => change.action)).toEqual([
        'recorded',
        ...applied.map(() => 'corrected'),
      ]);
      const events = await ledgerEventsOf(id);
      expect(events.map((event) => (event.data as { version: number }).version)).toEqual(
        Array.from({ length: 1 + applied.length }, (_, index) => index + 1),
      );
    });

    it('refuses a corrected completion date after the practitioner’s today (400)', async () => {
      const id = newId();
      const entry = await record(id, outsideCredit());
      const statuses = await withTodayIn(['Etc/GMT-14'], async ([today]) => [
        (await patch(id, entry.id, { completedOn: addDays(today, 1) })).status,
        (await patch(id, entry.id, { completedOn: today })).status,
      ]);
      expect(statuses).toEqual([400, 200]);
    });
  });

  describe('voids', () => {
    it('keeps a voided entry (listed on request), answers a second DELETE harmlessly and refuses to correct it', async () => {
      const id = newId();
      const entry = await record(id, outsideCredit());
      await remove(id, entry.id).expect(204);
      const voided = (await one(id, entry.id).expect(200)).body;
      expect(voided).toMatchObject({ id: entry.id, version: 2, voided: true, voidedAt: expect.any(String) });
      expect(voided.history).toEqual([
        ...(entry.history as object[]),
        { at: voided.voidedAt, by: id, action: 'voided' },
      ]);
      expect(idsOf((await list(id).expect(200)).body)).toEqual([]);
      expect(idsOf((await list(id, { includeVoided: true }).expect(200)).body)).toEqual([entry.id]);

      await remove(id, entry.id).expect(204);
      expect((await one(id, entry.id).expect(200)).body).toEqual(voided);
      const refused = await patch(id, entry.id, { completedOn: '2026-01-01' }).expect(409);
      expect(refused.body.code).toBe('credit-voided');

      const events = await ledgerEventsOf(id);
      expect(events.map((event) => event.type)).toEqual([
        LedgerEventTypes.creditRecorded,
        LedgerEventTypes.creditVoided,
      ]);
      expect(CreditVoidedSchema.parse(events[1].data)).toEqual({
        creditId: entry.id,
        practitionerId: id,
        version: 2,
        voidedAt: voided.voidedAt,
      });
    });
  });

  describe('ownership', () => {
    it('answers 404 for another practitioner’s credit on every /me id route, and leaves it untouched', async () => {
      const owner = newId();
      const intruder = newId();
      const entry = await record(owner, outsideCredit());
      const notFound = await one(intruder, entry.id).expect(404);
      expect(notFound.body.code).toBe('credit-not-found');
      await patch(intruder, entry.id, { completedOn: '2026-01-01' }).expect(404);
      await remove(intruder, entry.id).expect(404);
      expect((await one(owner, entry.id).expect(200)).body).toEqual(entry);

      for (const unknown of [randomUUID(), 'f'.repeat(32)]) {
        await one(owner, unknown).expect(404);
        await patch(owner, unknown, { completedOn: '2026-01-01' }).expect(404);
        await remove(owner, unknown).expect(404);
      }
      await one(owner, 'x'.repeat(65)).expect(400);
      await one(owner, 'a.b').expect(400);
    });
  });

  describe('possible duplicates', () => {
    it('flags the same activity id, whatever its case (stored, shown, in the event) and resolves it with confirmedDistinct', async () => {
      const id = newId();
      const first = await record(
        id,
        outsideCredit({ completedOn: '2026-01-10' }, { activityId: 'ACT-77', title: 'Day one' }),
      );
      const second = await record(
        id,
        outsideCredit(
          { completedOn: '2026-02-10' },
          { activityId: 'act-77', title: 'Same activity, other day' },
        ),
      );
      expect(first).not.toHaveProperty('possibleDuplicateOf');
      expect(second.possibleDuplicateOf).toBe(first.id);
      expect((await list(id).expect(200)).body.items[0]).toMatchObject({
        id: second.id,
        possibleDuplicateOf: first.id,
      });
      const recorded = await ledgerTap.waitFor(
        (event) => (event.data as { creditId: string }).creditId === second.id,
      );
      expect(recorded.data).toMatchObject({ possibleDuplicateOf: first.id });

      const notFlagged = await patch(id, first.id, { confirmedDistinct: true }).expect(409);
      expect(notFlagged.body.code).toBe('credit-not-flagged');
      const confirmed = await patch(id, second.id, { confirmedDistinct: true }).expect(200);
      expect(confirmed.body).not.toHaveProperty('possibleDuplicateOf');
      expect(confirmed.body).toMatchObject({ version: 2, distinctFrom: [first.id] });
      expect(confirmed.body.history.at(-1)).toEqual({
        at: confirmed.body.updatedAt,
        by: id,
        action: 'confirmed-distinct',
      });
      // Confirmed distinct stays distinct through later corrections.
      const later = await patch(id, second.id, { claimed: [{ type: 'AMA_PRA_1', amount: 1 }] }).expect(200);
      expect(later.body).not.toHaveProperty('possibleDuplicateOf');

      const events = await ledgerEventsOf(id);
      expect(events.map((event) => event.type)).toEqual([
        LedgerEventTypes.creditRecorded,
        LedgerEventTypes.creditRecorded,
        LedgerEventTypes.creditCorrected,
        LedgerEventTypes.creditCorrected,
      ]);
      expect(events[2].data).toMatchObject({ creditId: second.id, changedFields: ['possibleDuplicateOf'] });
      expect(events[2].data).not.toHaveProperty('possibleDuplicateOf');
    });

    it('flags the same provider, title, date and amounts (written differently), not a different amount, date or provider', async () => {
      const id = newId();
      const first = await record(id, outsideCredit());
      const same = await record(
        id,
        outsideCredit(
          { claimed: [{ type: 'AMA_PRA_1', amount: 2 }] },
          {
            title: '  opioid TAPERING   in practice',
            provider: 'state pain society',
            format: 'other',
            topics: [],
          },
        ),
      );
      expect(same.possibleDuplicateOf).toBe(first.id);
      const otherAmount = await record(id, outsideCredit({ claimed: [{ type: 'AMA_PRA_1', amount: 2.25 }] }));
      const otherDate = await record(id, outsideCredit({ completedOn: '2026-03-13' }));
      const otherProvider = await record(id, outsideCredit({}, { provider: 'Another Society' }));
      for (const entry of [otherAmount, otherDate, otherProvider])
        expect(entry).not.toHaveProperty('possibleDuplicateOf');
      // Another practitioner's ledger is their own.
      expect(await record(newId(), outsideCredit())).not.toHaveProperty('possibleDuplicateOf');
    });

    it('flags the same catalog course claimed twice', async () => {
      const id = newId();
      const first = await record(id, claimOf({ completedOn: '2026-01-05' }));
      const second = await record(
        id,
        claimOf({ completedOn: '2026-02-05', claimed: [{ type: 'ANCC_CH', amount: 8 }] }),
      );
      expect(second.possibleDuplicateOf).toBe(first.id);
    });

    it('points at a live entry when the first recording was voided', async () => {
      const id = newId();
      const first = await record(id, outsideCredit({ completedOn: '2026-01-10' }, { activityId: 'ACT-88' }));
      const second = await record(id, outsideCredit({ completedOn: '2026-01-11' }, { activityId: 'ACT-88' }));
      expect(second.possibleDuplicateOf).toBe(first.id);
      await remove(id, first.id).expect(204);
      const third = await record(id, outsideCredit({ completedOn: '2026-01-12' }, { activityId: 'ACT-88' }));
      // Not the voided one (then the second and third would both count), but the one that still counts.
      expect(third.possibleDuplicateOf).toBe(second.id);
    });

    it('re-judges an entry when a correction makes it match, or stop matching, another', async () => {
      const id = newId();
      const first = await record(id, outsideCredit());
      const other = await record(id, outsideCredit({ completedOn: '2026-03-10' }));
      expect(other).not.toHaveProperty('possibleDuplicateOf');
      const matching = await patch(id, other.id, { completedOn: '2026-03-14' }).expect(200);
      expect(matching.body.possibleDuplicateOf).toBe(first.id);
      const apart = await patch(id, other.id, { completedOn: '2026-03-10' }).expect(200);
      expect(apart.body).not.toHaveProperty('possibleDuplicateOf');
    });

    it('finds entries recorded before duplicate fingerprints were kept, once start-up has listed them', async () => {
      const id = newId();
      const first = await record(id, outsideCredit({ completedOn: '2026-01-20' }, { activityId: 'ACT-99' }));
      // A database from before fingerprints: the entry is stored, nothing lists it.
      await service.connection.collection('credit_fingerprints').deleteMany({});
      const unseen = await record(id, outsideCredit({ completedOn: '2026-01-21' }, { activityId: 'ACT-99' }));
      expect(unseen).not.toHaveProperty('possibleDuplicateOf');
      await service.connection.collection('credit_fingerprints').deleteMany({});
      await service.connection.collection('credits_migrations').deleteMany({});
      await service.app.get(CreditEntryRepository).onModuleInit();
      const found = await record(id, outsideCredit({ completedOn: '2026-01-22' }, { activityId: 'ACT-99' }));
      expect(found.possibleDuplicateOf).toBe(first.id);
    });
  });
});
