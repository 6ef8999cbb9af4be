import fc from 'fast-check';

import { dayFromParts, formatDay } from './calendar';
import type { ComplianceResult, RequirementResult } from './compliance.types';
import { evaluateCompliance } from './evaluate';
import type { CreditEntry, PractitionerProfile } from './inputs.schema';
import { loadRulePacks } from './rule-pack.loader';
import { APPROVAL_CODES, CREDIT_TYPE_CODES, PROFESSIONS, statusRank, TOPIC_CODES } from './vocabulary';

/*
 * Invariants over random practitioners and credits, evaluated against every bundled pack.
 * Status order (best first): met < on-track < at-risk < unattainable < overdue.
 */

const packs = loadRulePacks();

// The vocabulary plus a topic no rule names (it must count nowhere).
const TOPICS = [...TOPIC_CODES, 'not-in-the-vocabulary'];

const date = (fromYear: number, toYear: number) =>
  fc.integer({ min: dayFromParts(fromYear, 1, 1), max: dayFromParts(toYear, 12, 31) }).map(formatDay);

const license = fc.record(
  {
    state: fc.constantFrom('CA', 'FL', 'TX', 'NY', 'MI', 'NC', 'OH'),
    number: fc.constant('L-1'),
    expiresOn: date(2022, 2031),
    firstRenewal: fc.boolean(),
    issuedOn: date(1995, 2021),
    renewalNumber: fc.integer({ min: 1, max: 9 }),
  },
  { requiredKeys: ['state', 'number', 'expiresOn'] },
);

const board = fc
  .record({
    board: fc.constantFrom('ABA', 'ABPMR', 'ABPN', 'AANPCB', 'ANCC', 'AACN', 'ABPM'),
    specialty: fc.constantFrom('pain-medicine', 'anesthesiology', 'addiction-medicine'),
    cycle: fc.option(fc.tuple(fc.integer({ min: 2012, max: 2028 }), fc.constantFrom(3, 5, 10)), {
      nil: undefined,
    }),
    certification: fc.record(
      { certifiedSince: date(2005, 2027), mocParticipation: fc.boolean(), lifetimeCertificate: fc.boolean() },
      { requiredKeys: [] },
    ),
  })
  .map(({ board: name, specialty, cycle, certification }) =>
    cycle
      ? {
          board: name,
          specialty,
          cycleStart: `${cycle[0]}-01-01`,
          cycleEnd: `${cycle[0] + cycle[1] - 1}-12-31`,
          ...certification,
        }
      : { board: name, specialty, ...certification },
  );

const profile: fc.Arbitrary<PractitionerProfile> = fc.record({
  profession: fc.constantFrom(...PROFESSIONS),
  specialty: fc.constantFrom('anesthesiology', 'pain-medicine', 'pathology', 'internal-medicine'),
  birthMonth: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  licenses: fc.array(license, { maxLength: 4 }),
  boards: fc.array(board, { maxLength: 3 }),
  dea: fc.option(
    fc.record(
      { number: fc.constant('AB1234563'), expiresOn: date(2022, 2031), registeredOn: date(2015, 2026) },
      { requiredKeys: ['number', 'expiresOn'] },
    ),
    { nil: null },
  ),
  flags: fc.record({
    directPatientCare: fc.boolean(),
    painClinic: fc.boolean(),
    geriatricPractice: fc.boolean(),
  }),
  exemptions: fc.subarray(['mate-recent-graduate', 'aanpcb-recertification-by-exam']),
});

/** Hours of an entry that cover some topics: each at most the entry's amount. */
const topicHoursOf = (amount: number) =>
  fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom(...TOPICS),
        fc.integer({ min: 1, max: Math.round(amount * 4) }).map((q) => q / 4),
      ),
      { maxLength: 2, selector: ([topic]) => topic },
    )
    .map((pairs) => Object.fromEntries(pairs));

const creditBody = fc
  .record(
    {
      completedOn: date(2014, 2031),
      creditType: fc.constantFrom(...CREDIT_TYPE_CODES, 'UNKNOWN_TYPE'),
      amount: fc.integer({ min: 1, max: 160 }).map((quarters) => quarters / 4),
      topics: fc.subarray(TOPICS, { maxLength: 3 }),
      approvals: fc.subarray([...APPROVAL_CODES], { maxLength: 2 }),
      // A small pool so that one activity on one day recurs.
      activityId: fc.constantFrom('act-1', 'act-2', 'act-3'),
      voided: fc.boolean(),
      // Ids of the entries generated alongside (c000 …), so that flags name present entries.
      possibleDuplicateOf: fc.integer({ min: 0, max: 5 }).map((i) => `c${String(i).padStart(3, '0')}`),
      withTopicHours: fc.boolean(),
    },
    { requiredKeys: ['completedOn', 'creditType', 'amount', 'topics'] },
  )
  .chain(({ withTopicHours, ...body }) =>
    withTopicHours
      ? topicHoursOf(body.amount).map((topicHours) => ({ ...body, topicHours }))
      : fc.constant(body),
  );

/** Numbers generated credit bodies as entries c000, c001 … */
function withIds(bodies: Omit<CreditEntry, 'id'>[]): CreditEntry[] {
  return bodies.map((body, i) => ({ id: `c${String(i).padStart(3, '0')}`, ...body }));
}

const credits = fc.array(creditBody, { maxLength: 40 }).map(withIds);

const asOf = date(2020, 2031);

function byId(result: ComplianceResult) {
  return new Map(result.requirements.map((r) => [r.id, r]));
}

/** After a credit is added: earned (overall and per component) is not lower, the status not worse. */
function expectNoWorse(before: RequirementResult, after: RequirementResult): void {
  expect(after.earned).toBeGreaterThanOrEqual(before.earned);
  after.components.forEach((component, i) => {
    expect(component.earned).toBeGreaterThanOrEqual(before.components[i].earned);
  });
  expect(statusRank(after.status)).toBeLessThanOrEqual(statusRank(before.status));
}

const RUNS = { numRuns: 300 };

describe('allocation and status invariants (fast-check)', () => {
  it('no credit is allocated beyond its amount within one requirement; allocations add up to earned', () => {
    fc.assert(
      fc.property(profile, credits, asOf, (p, entries, day) => {
        const result = evaluateCompliance(p, entries, packs, day);
        const byCredit = new Map(entries.map((c) => [c.id, c]));
        for (const requirement of result.requirements) {
          const seen = new Set<string>();
          let total = 0;
          for (const allocation of requirement.allocations) {
            const entry = byCredit.get(allocation.creditId);
            expect(entry).toBeDefined();
            expect(seen.has(allocation.creditId)).toBe(false);
            seen.add(allocation.creditId);
            expect(allocation.amount).toBeGreaterThan(0);
            expect(allocation.amount).toBeLessThanOrEqual(entry?.amount ?? 0);
            expect(entry?.voided).not.toBe(true);
            expect((entry?.completedOn ?? '') <= day).toBe(true);
            total += allocation.amount;
          }
          expect(Math.round(total * 100)).toBe(Math.round(requirement.earned * 100));
        }
      }),
      RUNS,
    );
  });

  it('adding a credit never lowers what is earned, and status never worsens', () => {
    fc.assert(
      fc.property(profile, credits, creditBody, asOf, (p, entries, extra, day) => {
        const before = evaluateCompliance(p, entries, packs, day);
        const after = evaluateCompliance(p, [...entries, { id: 'c-added', ...extra }], packs, day);
        const afterById = byId(after);
        expect([...afterById.keys()].sort()).toEqual(before.requirements.map((r) => r.id).sort());
        for (const old of before.requirements) {
          const now = afterById.get(old.id);
          if (!now) throw new Error(`requirement ${old.id} disappeared`);
          expectNoWorse(old, now);
        }
      }),
      RUNS,
    );
  });

  it('under the ABA yearly cap with a patient-safety minimum, adding a credit never lowers earned or status', () => {
    const diplomate: PractitionerProfile = {
      profession: 'physician',
      specialty: 'anesthesiology',
      licenses: [],
      boards: [
        { board: 'ABA', specialty: 'pain-medicine', cycleStart: '2016-01-01', cycleEnd: '2025-12-31' },
      ],
      dea: null,
      flags: { directPatientCare: true, painClinic: false },
    };
    const abaCredit = fc.record(
      {
        completedOn: date(2016, 2025),
        creditType: fc.constantFrom('AMA_PRA_1', 'ABA_PATIENT_SAFETY'),
        amount: fc.integer({ min: 1, max: 40 }),
        topics: fc.constant<string[]>([]),
        activityId: fc.constantFrom('act-1', 'act-2'),
      },
      { requiredKeys: ['completedOn', 'creditType', 'amount', 'topics'] },
    );
    const abaCredits = fc.array(abaCredit, { maxLength: 60 }).map(withIds);
    fc.assert(
      fc.property(abaCredits, abaCredit, date(2016, 2026), (entries, extra, day) => {
        const before = byId(evaluateCompliance(diplomate, entries, packs, day)).get('aba-moca-cme');
        const after = byId(
          evaluateCompliance(diplomate, [...entries, { id: 'c-added', ...extra }], packs, day),
        ).get('aba-moca-cme');
        if (!before || !after) throw new Error('aba-moca-cme missing');
        expectNoWorse(before, after);
      }),
      RUNS,
    );
  });

  it('an entry flagged as a possible duplicate of a present entry changes nothing', () => {
    fc.assert(
      fc.property(profile, credits, fc.nat(), asOf, (p, entries, pick, day) => {
        const targets = entries.filter((c) => !c.voided);
        fc.pre(targets.length > 0);
        const target = targets[pick % targets.length];
        const copy = { ...target, id: 'c-copy', possibleDuplicateOf: target.id };
        expect(evaluateCompliance(p, [...entries, copy], packs, day)).toEqual(
          evaluateCompliance(p, entries, packs, day),
        );
      }),
      RUNS,
    );
  });

  it('topic hours never count more than the same topics listed whole', () => {
    fc.assert(
      fc.property(profile, credits, asOf, (p, entries, day) => {
        const limited = evaluateCompliance(p, entries, packs, day);
        const whole = byId(
          evaluateCompliance(
            p,
            entries.map(({ topicHours, ...entry }) => ({
              ...entry,
              topics: [...entry.topics, ...Object.keys(topicHours ?? {})],
            })),
            packs,
            day,
          ),
        );
        for (const requirement of limited.requirements) {
          const other = whole.get(requirement.id);
          if (!other) throw new Error(`requirement ${requirement.id} missing`);
          expect(requirement.earned).toBeLessThanOrEqual(other.earned);
          requirement.components.forEach((component, i) => {
            if (component.kind !== 'cap')
              expect(component.earned).toBeLessThanOrEqual(other.components[i].earned);
          });
        }
      }),
      RUNS,
    );
  });

  it('is deterministic and JSON-serializable', () => {
    fc.assert(
      fc.property(profile, credits, asOf, (p, entries, day) => {
        const result = evaluateCompliance(p, entries, packs, day);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        expect(evaluateCompliance(p, [...entries].reverse(), packs, day)).toEqual(result);
      }),
      { numRuns: 100 },
    );
  });
});
