import type { ComplianceResult } from './compliance.types';
import { evaluateCompliance } from './evaluate';
import type { CreditEntry, PractitionerProfile } from './inputs.schema';
import { loadRulePacks } from './rule-pack.loader';
import { credit, ids, physician, requirement, testPacks, testRule } from './testing/fixtures';
import type { CreditType } from './vocabulary';

/*
 * Scenarios drawn from the published rules. Each row names the source of the rule it exercises.
 */

const SOURCES = {
  abaCme: 'https://www.theaba.org/maintain-certification/cme/',
  abaCap: 'https://www.continuingcertification.org/resources/ (ABA: 60 per calendar year, 70 in 2006-2012)',
  accmeOncePerDay: 'ACCME FAQ 8079 via https://www.theaba.org/maintain-certification/cme/',
  apiContract: 'shared/design/api-contract.md compliance example (ABA 2026-2031)',
  mate: 'https://deadiversion.usdoj.gov/faq/MATE_Act_faq.html',
  caPain: 'https://www.mbc.ca.gov/Licensees/Continuing_Education/Pain_Management.aspx',
  caCme: 'http://www.mbc.ca.gov/Licensees/Continuing_Education/',
  flCs: 'https://www.flsenate.gov/Laws/Statutes/2024/456.0301',
  flCme: 'https://www.flrules.org/gateway/ruleNo.asp?id=64B8-13.005',
  txOpioid: 'https://statutes.capitol.texas.gov/Docs/OC/htm/OC.156.htm#156.055',
  txCme: 'https://statutes.capitol.texas.gov/Docs/OC/htm/OC.156.htm',
  ny3309a: 'https://www.nysenate.gov/legislation/laws/PBH/3309-A',
  ny239: 'https://www.health.ny.gov/regulations/public_health_law/section/239/',
  mi: 'https://web2.facs.org/MyCMERequirements/cme_state_requirements.cfm?code=28',
  nc: 'https://law.cornell.edu/regulations/north-carolina/21-N-C-Admin-Code-32R-0101',
  abpn: 'https://abpn.org/maintain-certification/moc-activity-requirements/continuing-medical-education-cme/',
  abpmr: 'https://www.abpmr.org/CC/LifelongLearning/CME',
  np: 'https://support.aanp.org/hc/en-us/articles/23085150719643 (AANPCB recertification)',
  accmeFaq: 'https://accme.org/faq/8079',
  aoa: 'https://jaoa.org/article.aspx?articleid=2094239',
};

const packs = loadRulePacks();

function evaluate(profile: PractitionerProfile, credits: CreditEntry[], asOf: string): ComplianceResult {
  return evaluateCompliance(profile, credits, packs, asOf);
}

const abaDiplomate = (cycleStart = '2026-01-01', cycleEnd = '2030-12-31') =>
  physician({ boards: [{ board: 'ABA', specialty: 'pain-medicine', cycleStart, cycleEnd }] });

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * AOA membership CME of the 2010-2012 cycle, the published rule with a cap on one credit type. A test pack, not a
 * bundled one: AOA's current requirements vary by certifying board.
 */
const aoaPacks = testPacks(
  testRule({
    id: 'aoa-membership-cme',
    version: '2010-2012',
    name: 'AOA membership CME: 120 hours per 3 years',
    source: SOURCES.aoa,
    effectiveFrom: '2010-01-01',
    effectiveTo: '2012-12-31',
    notes:
      'The 60-hour cap is on 1-B credit for osteopathic preceptoring; no credit type singles it out, so all 1-B is capped.',
    appliesTo: { professions: ['physician'] },
    accepts: ['AOA_1A', 'AOA_1B', 'AOA_2A', 'AOA_2B'],
    cycle: { kind: 'fixed', anchorEnd: '2012-12-31', lengthMonths: 36 },
    components: [
      { kind: 'total', name: 'Total', required: 120 },
      { kind: 'category', name: 'Category 1-A', required: 30, types: ['AOA_1A'] },
      { kind: 'cap', name: 'At most 60 Category 1-B', per: 'cycle', max: 60, types: ['AOA_1B'] },
    ],
  }),
);

interface Scenario {
  source: string;
  scenario: string;
  run: () => void;
}

const scenarios: Scenario[] = [
  {
    source: SOURCES.abaCap,
    scenario: 'ABA: 70 credits in one calendar year count as 60',
    run: () => {
      const credits = [1, 2, 3, 4, 5, 6, 7].map((m) => credit(`2026-0${m}-15`, 10));
      const aba = requirement(evaluate(abaDiplomate(), credits, '2026-12-31'), 'aba-moca-cme');
      expect(aba.earned).toBe(60);
      expect(sum(aba.allocations.map((a) => a.amount))).toBe(60);
      expect(aba.allocations.map((a) => a.creditId)).not.toContain(credits[6].id);
      expect(aba.components).toEqual([
        { name: 'Category 1 total', kind: 'total', required: 125, earned: 60, remaining: 65 },
        {
          name: 'At most 60 per calendar year',
          kind: 'cap',
          required: 60,
          earned: 60,
          remaining: 0,
          excluded: 10,
        },
      ]);
      expect(aba.forecast.earliestCompletion).toBe('2028-01-01');
      expect(aba.status).toBe('on-track');
    },
  },
  {
    source: SOURCES.abaCap,
    scenario: 'ABA: 125 credits cannot fit under 60 per year in the 2 years left, so unattainable',
    run: () => {
      const aba = requirement(evaluate(abaDiplomate(), [], '2029-03-01'), 'aba-moca-cme');
      expect(aba).toMatchObject({
        status: 'unattainable',
        remaining: 125,
        forecast: { earliestCompletion: null },
      });
    },
  },
  {
    source: SOURCES.abaCap,
    scenario:
      'ABA: with 10 credits banked the remaining 115 still fit in 2029-2030 (at-risk, not unattainable)',
    run: () => {
      const aba = requirement(
        evaluate(abaDiplomate(), [credit('2027-05-01', 10)], '2029-03-01'),
        'aba-moca-cme',
      );
      expect(aba).toMatchObject({
        status: 'at-risk',
        remaining: 115,
        forecast: { earliestCompletion: '2030-01-01' },
      });
    },
  },
  {
    source: SOURCES.apiContract,
    scenario: 'ABA: 60 earned in 2026 of a 2026-2031 cycle: 65 remaining, earliest completion 2028-01-01',
    run: () => {
      const credits = [1, 2, 3, 4, 5, 6, 7].map((m) => credit(`2026-0${m}-10`, 10));
      const aba = requirement(
        evaluate(abaDiplomate('2026-01-01', '2031-12-31'), credits, '2026-11-22'),
        'aba-moca-cme',
      );
      expect(aba).toMatchObject({
        id: 'aba-moca-cme',
        ruleVersion: '2026-01',
        verified: true,
        cycle: { start: '2026-01-01', end: '2031-12-31' },
        deadline: '2031-12-31',
        status: 'on-track',
        required: 125,
        earned: 60,
        remaining: 65,
        forecast: { earliestCompletion: '2028-01-01' },
      });
    },
  },
  {
    source: `${SOURCES.mate}; ${SOURCES.caPain}; ${SOURCES.flCs}; ${SOURCES.abaCme}`,
    scenario:
      'one 8-hour opioid course counts at once toward MATE (met), CA 12 h (8 of 12), FL 2 h and the ABA total',
    run: () => {
      const profile = physician({
        boards: [
          { board: 'ABA', specialty: 'pain-medicine', cycleStart: '2026-01-01', cycleEnd: '2030-12-31' },
        ],
        licenses: [
          { state: 'CA', number: 'A123', expiresOn: '2027-04-30', issuedOn: '2023-05-10' },
          { state: 'FL', number: 'ME456', expiresOn: '2027-01-31' },
        ],
        dea: { number: 'AB1234563', expiresOn: '2027-05-31' },
      });
      // A Florida Board-approved course (Fla. Stat. 456.0301 counts no other).
      const course = credit('2026-03-01', 8, {
        topics: ['opioid-prescribing', 'pain-management', 'substance-use-disorder'],
        activityId: 'course-42',
        approvals: ['fl-board-approved-controlled-substance'],
      });
      const result = evaluate(profile, [course], '2026-11-22');
      const counted = [{ creditId: course.id, amount: 8 }];
      expect(requirement(result, 'dea-mate-training')).toMatchObject({
        status: 'met',
        earned: 8,
        allocations: counted,
      });
      expect(requirement(result, 'ca-pain-terminally-ill-12h')).toMatchObject({
        required: 12,
        earned: 8,
        remaining: 4,
        deadline: '2027-04-30',
        allocations: counted,
      });
      expect(requirement(result, 'fl-controlled-substance-prescribing')).toMatchObject({
        status: 'met',
        allocations: counted,
      });
      expect(requirement(result, 'aba-moca-cme')).toMatchObject({
        earned: 8,
        remaining: 117,
        allocations: counted,
      });
      expect(requirement(result, 'ca-physician-cme')).toMatchObject({ earned: 8, allocations: counted });
      expect(requirement(result, 'fl-physician-cme')).toMatchObject({ earned: 8, allocations: counted });
      expect(requirement(result, 'fl-medical-errors')).toMatchObject({ earned: 0, allocations: [] });
    },
  },
  {
    source: SOURCES.txOpioid,
    scenario: 'TX direct-care physician at first renewal owes 2 h opioid/pain',
    run: () => {
      const license = { state: 'TX', number: 'T1', expiresOn: '2027-08-31', firstRenewal: true };
      const result = evaluate(physician({ licenses: [license] }), [credit('2026-02-01', 10)], '2026-11-22');
      expect(requirement(result, 'tx-opioid-pain-early')).toMatchObject({
        cycle: { start: '2025-09-01', end: '2027-08-31' },
        required: 2,
        earned: 0,
        remaining: 2,
        // Over half the period gone with nothing done: the pace needed is above twice the rule's pace.
        status: 'at-risk',
      });
      expect(ids(result)).not.toContain('tx-opioid-pain-periodic');
      const notDirectCare = physician({
        licenses: [license],
        flags: { directPatientCare: false, painClinic: false },
      });
      expect(ids(evaluate(notDirectCare, [], '2026-11-22'))).not.toContain('tx-opioid-pain-early');
    },
  },
  {
    source: SOURCES.txOpioid,
    scenario: 'TX after the first two renewals: 2 h within the 8 years ending at expiry',
    run: () => {
      const license = { state: 'TX', number: 'T1', expiresOn: '2027-08-31', renewalNumber: 5 };
      const result = evaluate(
        physician({ licenses: [license] }),
        [credit('2020-01-10', 2, { topics: ['pain-management'] })],
        '2026-11-22',
      );
      expect(ids(result)).not.toContain('tx-opioid-pain-early');
      expect(requirement(result, 'tx-opioid-pain-periodic')).toMatchObject({
        cycle: { start: '2019-09-01', end: '2027-08-31' },
        status: 'met',
      });
    },
  },
  {
    source: SOURCES.txCme,
    scenario: 'TX 48 h: 48 informal hours leave the 24 formal and 2 ethics hours open',
    run: () => {
      const license = { state: 'TX', number: 'T1', expiresOn: '2027-08-31' };
      const credits = [credit('2026-01-05', 48, { creditType: 'AMA_PRA_2', topics: ['ethics'] })];
      const tx = requirement(
        evaluate(physician({ licenses: [license] }), credits, '2026-11-22'),
        'tx-physician-cme',
      );
      expect(tx).toMatchObject({ earned: 48, remaining: 26 });
      expect(tx.components.map((c) => [c.name, c.earned, c.remaining])).toEqual([
        ['Total', 48, 0],
        ['Formal (Category 1 / AOA 1-A)', 0, 24],
        ['Ethics or professional responsibility (formal)', 0, 2],
      ]);
    },
  },
  {
    source: SOURCES.txCme,
    scenario: 'TX pain-clinic licensee: 10 h in the 12 months ending on the next anniversary of the expiry',
    run: () => {
      const license = { state: 'TX', number: 'T1', expiresOn: '2027-08-31' };
      const profile = physician({
        licenses: [license],
        flags: { directPatientCare: true, painClinic: true },
      });
      const result = evaluate(
        profile,
        [credit('2026-08-15', 10, { topics: ['pain-management'] })],
        '2026-11-22',
      );
      expect(requirement(result, 'tx-pain-clinic')).toMatchObject({
        cycle: { start: '2026-09-01', end: '2027-08-31' },
        earned: 0,
        remaining: 10,
      });
    },
  },
  {
    source: SOURCES.ny3309a,
    scenario: 'NY DEA registrant: 3 h every 3 years, windows ending 1 July (2023-07-02 to 2026-07-01)',
    run: () => {
      const profile = physician({
        licenses: [{ state: 'NY', number: 'N1', expiresOn: '2027-08-31' }],
        dea: { number: 'AB1234563', expiresOn: '2027-05-31' },
      });
      const approvals = ['ny-approved-pain-palliative-addiction' as const];
      const before = credit('2023-06-30', 1, { topics: ['palliative-care'], approvals });
      const inside = credit('2024-05-01', 2, { topics: ['pain-management'], approvals });
      const ny = requirement(
        evaluate(profile, [before, inside], '2026-03-01'),
        'ny-pain-palliative-addiction',
      );
      expect(ny).toMatchObject({
        cycle: { start: '2023-07-02', end: '2026-07-01' },
        earned: 2,
        remaining: 1,
        status: 'at-risk',
        allocations: [{ creditId: inside.id, amount: 2 }],
      });
      const done = evaluate(
        profile,
        [before, inside, credit('2025-01-01', 1, { topics: ['substance-use-disorder'], approvals })],
        '2026-03-01',
      );
      expect(requirement(done, 'ny-pain-palliative-addiction').status).toBe('met');
      expect(ids(evaluate({ ...profile, dea: null }, [], '2026-03-01'))).not.toContain(
        'ny-pain-palliative-addiction',
      );
    },
  },
  {
    source: SOURCES.ny239,
    scenario: 'NY infection control every 4 years (windows ending 1 July 2022, 2026), unverified hours',
    run: () => {
      const profile = physician({ licenses: [{ state: 'NY', number: 'N1', expiresOn: '2027-08-31' }] });
      const ny = requirement(evaluate(profile, [], '2026-03-01'), 'ny-infection-control');
      expect(ny).toMatchObject({
        cycle: { start: '2022-07-02', end: '2026-07-01' },
        verified: false,
        required: 1,
      });
    },
  },
  {
    source: SOURCES.aoa,
    scenario:
      'AOA 2010-2012: 80 Category 1-B hours count as 60 (a cap per credit type); 1-A credit stays uncapped',
    run: () => {
      const credits = [
        credit('2010-06-01', 40, { creditType: 'AOA_1B' }),
        credit('2011-02-01', 40, { creditType: 'AOA_1B' }),
        credit('2011-05-01', 20, { creditType: 'AOA_1A' }),
      ];
      const aoa = requirement(
        evaluateCompliance(physician(), credits, aoaPacks, '2011-12-01'),
        'aoa-membership-cme',
      );
      expect(aoa).toMatchObject({
        cycle: { start: '2010-01-01', end: '2012-12-31' },
        earned: 80,
        remaining: 40,
        status: 'on-track',
        // The cap binds 1-B only, so other credit can close the gap at once.
        forecast: { earliestCompletion: '2011-12-01' },
      });
      expect(aoa.allocations).toEqual([
        { creditId: credits[0].id, amount: 40 },
        { creditId: credits[1].id, amount: 20 },
        { creditId: credits[2].id, amount: 20 },
      ]);
      expect(aoa.components).toEqual([
        { name: 'Total', kind: 'total', required: 120, earned: 80, remaining: 40 },
        { name: 'Category 1-A', kind: 'category', required: 30, earned: 20, remaining: 10 },
        {
          name: 'At most 60 Category 1-B',
          kind: 'cap',
          required: 60,
          earned: 60,
          remaining: 0,
          excluded: 20,
        },
      ]);
    },
  },
  {
    source: SOURCES.accmeFaq,
    scenario: 'ABA counts AOA Category 1-A; the same activity also claimed as AMA PRA 1 counts once',
    run: () => {
      const aoa = credit('2026-04-01', 6, { creditType: 'AOA_1A', activityId: 'act-do' });
      const ama = credit('2026-04-01', 6, { activityId: 'act-do' });
      const other = credit('2026-05-01', 4, { creditType: 'AOA_1A' });
      const aba = requirement(evaluate(abaDiplomate(), [aoa, ama, other], '2026-11-22'), 'aba-moca-cme');
      expect(aba.earned).toBe(10);
      expect(aba.allocations.map((a) => a.amount)).toEqual([6, 4]);
    },
  },
  {
    source: SOURCES.abaCme,
    scenario: 'a voided credit stops counting',
    run: () => {
      const voided = credit('2026-02-01', 10, { voided: true });
      const kept = credit('2026-03-01', 5);
      const aba = requirement(evaluate(abaDiplomate(), [voided, kept], '2026-11-22'), 'aba-moca-cme');
      expect(aba.earned).toBe(5);
      expect(aba.allocations).toEqual([{ creditId: kept.id, amount: 5 }]);
    },
  },
  {
    source: SOURCES.abaCme,
    scenario: 'credits dated after asOf or outside the cycle do not count',
    run: () => {
      const credits = [credit('2025-12-31', 10), credit('2026-05-01', 7), credit('2026-12-01', 10)];
      const aba = requirement(evaluate(abaDiplomate(), credits, '2026-11-22'), 'aba-moca-cme');
      expect(aba.allocations).toEqual([{ creditId: credits[1].id, amount: 7 }]);
    },
  },
  {
    source: `${SOURCES.abaCap}; ${SOURCES.abaCme}`,
    scenario:
      'ABA rule version replaced on 2026-01-01: a 2016-2025 cycle uses the 10-year rule, a 2026 cycle the 5-year rule',
    run: () => {
      const legacy = requirement(
        evaluate(abaDiplomate('2016-01-01', '2025-12-31'), [], '2025-06-01'),
        'aba-moca-cme',
      );
      expect(legacy).toMatchObject({ ruleVersion: 'legacy-10y', required: 250 });
      expect(legacy.components.map((c) => c.name)).toContain('Patient safety');
      const current = requirement(
        evaluate(abaDiplomate('2026-01-01', '2030-12-31'), [], '2026-06-01'),
        'aba-moca-cme',
      );
      expect(current).toMatchObject({ ruleVersion: '2026-01', required: 125 });
      expect(ids(evaluate(abaDiplomate('2016-01-01', '2025-12-31'), [], '2025-06-01'))).not.toContain(
        'aba-moca-patient-safety',
      );
    },
  },
  {
    source: SOURCES.abaCap,
    scenario:
      'ABA without cycle dates: the assumed calendar window follows the version in force, with a note',
    run: () => {
      const profile = physician({ boards: [{ board: 'ABA', specialty: 'anesthesiology' }] });
      const before = requirement(evaluate(profile, [], '2025-06-01'), 'aba-moca-cme');
      expect(before).toMatchObject({
        ruleVersion: 'legacy-10y',
        cycle: { start: '2016-01-01', end: '2025-12-31' },
      });
      const after = requirement(evaluate(profile, [], '2026-06-01'), 'aba-moca-cme');
      expect(after).toMatchObject({
        ruleVersion: '2026-01',
        cycle: { start: '2026-01-01', end: '2030-12-31' },
      });
      expect(after.notes[0]).toMatch(/Cycle dates assumed/);
    },
  },
  {
    source: SOURCES.abaCap,
    scenario: 'ABA legacy cycle: 80 credits in 2008 count as 70, the 2006-2012 maximum',
    run: () => {
      const credits = [credit('2008-03-01', 40), credit('2008-09-01', 40)];
      const aba = requirement(
        evaluate(abaDiplomate('2006-01-01', '2015-12-31'), credits, '2009-01-01'),
        'aba-moca-cme',
      );
      expect(aba.earned).toBe(70);
      expect(aba.allocations).toEqual([
        { creditId: credits[0].id, amount: 40 },
        { creditId: credits[1].id, amount: 30 },
      ]);
    },
  },
  {
    source: SOURCES.abaCap,
    scenario: 'ABA legacy cycle: patient-safety credit keeps its place under the yearly cap',
    run: () => {
      const general = credit('2020-01-10', 60);
      const safety = credit('2020-06-10', 20, { creditType: 'ABA_PATIENT_SAFETY' });
      const aba = requirement(
        evaluate(abaDiplomate('2016-01-01', '2025-12-31'), [general, safety], '2020-12-31'),
        'aba-moca-cme',
      );
      expect(aba.earned).toBe(60);
      expect(aba.components.find((c) => c.name === 'Patient safety')).toMatchObject({
        earned: 20,
        remaining: 0,
      });
      expect(aba.allocations).toEqual([
        { creditId: general.id, amount: 40 },
        { creditId: safety.id, amount: 20 },
      ]);
    },
  },
  {
    source: SOURCES.accmeOncePerDay,
    scenario: 'the same activity on the same day counts once (largest record per type)',
    run: () => {
      const first = credit('2026-04-01', 8, { activityId: 'act-1' });
      const duplicate = credit('2026-04-01', 6, { activityId: 'act-1' });
      const nextDay = credit('2026-04-02', 6, { activityId: 'act-1' });
      const aba = requirement(
        evaluate(abaDiplomate(), [duplicate, first, nextDay], '2026-11-22'),
        'aba-moca-cme',
      );
      expect(aba.earned).toBe(14);
      expect(aba.allocations).toEqual([
        { creditId: first.id, amount: 8 },
        { creditId: nextDay.id, amount: 6 },
      ]);
    },
  },
  {
    source: SOURCES.accmeOncePerDay,
    scenario: 'an activity with patient-safety and general CME yields two records that both count',
    run: () => {
      const general = credit('2026-04-01', 5, { activityId: 'act-2' });
      const safety = credit('2026-04-01', 3, { activityId: 'act-2', creditType: 'ABA_PATIENT_SAFETY' });
      const result = evaluate(abaDiplomate(), [general, safety], '2026-11-22');
      expect(requirement(result, 'aba-moca-cme').earned).toBe(8);
      expect(requirement(result, 'aba-moca-patient-safety')).toMatchObject({ earned: 3, verified: false });
    },
  },
  {
    source: SOURCES.mate,
    scenario: 'MATE: one course claimed as AMA PRA 1 and ANCC contact hours counts its 8 hours once',
    run: () => {
      const profile = physician({ dea: { number: 'AB1234563', expiresOn: '2027-05-31' } });
      const topics = ['substance-use-disorder'];
      const ama = credit('2021-06-01', 8, { activityId: 'mate-course', topics });
      const ancc = credit('2021-06-01', 8, { activityId: 'mate-course', topics, creditType: 'ANCC_CH' });
      const mate = requirement(evaluate(profile, [ama, ancc], '2026-11-22'), 'dea-mate-training');
      expect(mate).toMatchObject({
        status: 'met',
        earned: 8,
        allocations: [{ creditId: ama.id, amount: 8 }],
      });
    },
  },
  {
    source: SOURCES.mate,
    scenario:
      'MATE: due at the first DEA renewal on or after 2023-06-27; training split over sessions and before 2022-12-29 counts',
    run: () => {
      const profile = physician({ dea: { number: 'AB1234563', expiresOn: '2027-05-31' } });
      const topics = ['opioid-prescribing'];
      const result = evaluate(
        profile,
        [credit('2019-03-01', 4, { topics }), credit('2024-01-10', 4, { topics })],
        '2024-03-01',
      );
      expect(requirement(result, 'dea-mate-training')).toMatchObject({
        cycle: { start: null, end: '2024-05-31' },
        status: 'met',
        earned: 8,
      });
      const late = requirement(evaluate(profile, [], '2026-01-01'), 'dea-mate-training');
      expect(late).toMatchObject({ status: 'overdue', forecast: { earliestCompletion: '2026-01-01' } });
      const newRegistrant = physician({
        dea: { number: 'AB1234563', expiresOn: '2028-02-29', registeredOn: '2025-02-01' },
      });
      expect(requirement(evaluate(newRegistrant, [], '2025-03-01'), 'dea-mate-training').deadline).toBe(
        '2025-02-01',
      );
    },
  },
  {
    source: SOURCES.mate,
    scenario:
      'MATE exemptions: addiction-medicine board certification, or a claimed recent-graduate exemption',
    run: () => {
      const dea = { number: 'AB1234563', expiresOn: '2027-05-31' };
      const boarded = physician({ dea, boards: [{ board: 'ABPM', specialty: 'addiction-medicine' }] });
      const result = evaluate(boarded, [], '2026-11-22');
      expect(ids(result)).not.toContain('dea-mate-training');
      expect(result.skipped).toContainEqual(
        expect.objectContaining({ id: 'dea-mate-training', reason: 'exempt' }),
      );
      const graduate = physician({ dea, exemptions: ['mate-recent-graduate'] });
      expect(ids(evaluate(graduate, [], '2026-11-22'))).not.toContain('dea-mate-training');
      expect(ids(evaluate(physician(), [], '2026-11-22'))).not.toContain('dea-mate-training');
    },
  },
  {
    source: SOURCES.caPain,
    scenario: 'CA 12 h: pathologists and radiologists are exempt; due dates by issue date and renewal count',
    run: () => {
      const license = (extra: object) => ({ state: 'CA', number: 'A1', expiresOn: '2026-06-30', ...extra });
      const pathologist = physician({ specialty: 'Pathology', licenses: [license({})] });
      expect(evaluate(pathologist, [], '2026-01-01').skipped).toContainEqual(
        expect.objectContaining({ id: 'ca-pain-terminally-ill-12h', reason: 'exempt' }),
      );
      const dueOf = (extra: object) =>
        requirement(
          evaluate(physician({ licenses: [license(extra)] }), [], '2026-01-01'),
          'ca-pain-terminally-ill-12h',
        );
      // First renewal 2026-06-30: second renewal 2028-06-30, but four years after issue (2028-06-15) comes first.
      expect(dueOf({ firstRenewal: true, issuedOn: '2024-06-15' }).deadline).toBe('2028-06-15');
      expect(dueOf({ renewalNumber: 1 }).deadline).toBe('2028-06-30');
      expect(dueOf({ issuedOn: '1995-03-01' })).toMatchObject({ deadline: '2006-12-31', status: 'overdue' });
      const unknown = dueOf({});
      expect(unknown.deadline).toBe('2026-06-30');
      expect(unknown.notes[0]).toMatch(/Renewal count unknown/);
    },
  },
  {
    source: SOURCES.flCme,
    scenario: 'FL renewal-count mandates: HIV at the first renewal, domestic violence every third',
    run: () => {
      const idsFor = (extra: object) =>
        ids(
          evaluate(
            physician({ licenses: [{ state: 'FL', number: 'ME1', expiresOn: '2027-01-31', ...extra }] }),
            [],
            '2026-06-01',
          ),
        );
      expect(idsFor({ firstRenewal: true })).toEqual(expect.arrayContaining(['fl-hiv-aids-first-renewal']));
      expect(idsFor({ firstRenewal: true })).not.toContain('fl-domestic-violence');
      expect(idsFor({ renewalNumber: 3 })).toContain('fl-domestic-violence');
      expect(idsFor({ renewalNumber: 2 })).not.toContain('fl-domestic-violence');
      expect(idsFor({})).toContain('fl-domestic-violence');
      expect(idsFor({})).not.toContain('fl-hiv-aids-first-renewal');
      // Issued 2022-03: renewals 2023-01 (1st), 2025-01 (2nd), 2027-01 (3rd).
      expect(idsFor({ issuedOn: '2022-03-01' })).toContain('fl-domestic-violence');
      expect(idsFor({ issuedOn: '2020-03-01' })).not.toContain('fl-domestic-violence');
    },
  },
  {
    source: SOURCES.flCme,
    scenario: 'FL: a license period that ended unmet is overdue and can no longer be met',
    run: () => {
      const profile = physician({ licenses: [{ state: 'FL', number: 'ME1', expiresOn: '2026-01-31' }] });
      const fl = requirement(evaluate(profile, [credit('2025-06-01', 10)], '2026-03-01'), 'fl-physician-cme');
      expect(fl).toMatchObject({ status: 'overdue', earned: 10, forecast: { earliestCompletion: null } });
    },
  },
  {
    source: SOURCES.flCme,
    scenario: 'FL: 39 of 40 hours with the deadline 60 days away is at-risk',
    run: () => {
      const profile = physician({ licenses: [{ state: 'FL', number: 'ME1', expiresOn: '2026-12-31' }] });
      const fl = requirement(evaluate(profile, [credit('2025-06-01', 39)], '2026-11-01'), 'fl-physician-cme');
      expect(fl).toMatchObject({ status: 'at-risk', remaining: 1 });
    },
  },
  {
    source: SOURCES.mi,
    scenario:
      'MI: 150 Category 2 hours meet the total but not the 75 Category 1, ethics, pain or controlled-substance minimums',
    run: () => {
      const profile = physician({ licenses: [{ state: 'MI', number: 'M1', expiresOn: '2027-01-31' }] });
      const mi = requirement(
        evaluate(profile, [credit('2025-03-01', 150, { creditType: 'AMA_PRA_2' })], '2026-06-01'),
        'mi-physician-cme',
      );
      expect(mi).toMatchObject({ earned: 150, remaining: 80, status: 'at-risk' });
      expect(mi.components.map((c) => c.remaining)).toEqual([0, 75, 1, 3, 1]);
    },
  },
  {
    source: SOURCES.nc,
    scenario: 'NC: 3-year period from the birthday after licensure (birth month approximation)',
    run: () => {
      const aligned = physician({
        birthMonth: 4,
        licenses: [{ state: 'NC', number: 'C1', expiresOn: '2027-04-30', issuedOn: '2019-07-15' }],
      });
      expect(requirement(evaluate(aligned, [], '2026-11-22'), 'nc-physician-cme').cycle).toEqual({
        start: '2026-04-01',
        end: '2029-03-31',
      });
      const unaligned = physician({
        birthMonth: 4,
        licenses: [{ state: 'NC', number: 'C1', expiresOn: '2027-04-30' }],
      });
      const nc = requirement(evaluate(unaligned, [], '2026-11-22'), 'nc-physician-cme');
      expect(nc.cycle).toEqual({ start: '2024-04-01', end: '2027-03-31' });
      expect(nc.notes[0]).toMatch(/alignment unknown/);
      const noBirthMonth = physician({
        birthMonth: null,
        licenses: [{ state: 'NC', number: 'C1', expiresOn: '2027-04-30' }],
      });
      expect(evaluate(noBirthMonth, [], '2026-11-22').skipped).toContainEqual(
        expect.objectContaining({ id: 'nc-physician-cme', reason: 'missing-profile-data' }),
      );
    },
  },
  {
    source: SOURCES.abpn,
    scenario: 'ABPN: 90 credits per 3-year block counted from the cycle start',
    run: () => {
      const profile = physician({
        boards: [
          { board: 'ABPN', specialty: 'pain-medicine', cycleStart: '2022-01-01', cycleEnd: '2031-12-31' },
        ],
      });
      const abpn = requirement(
        evaluate(profile, [credit('2024-12-31', 30), credit('2025-01-01', 30)], '2026-05-01'),
        'abpn-cc-cme',
      );
      expect(abpn).toMatchObject({
        cycle: { start: '2025-01-01', end: '2027-12-31' },
        earned: 30,
        required: 90,
      });
      expect(abpn.awards).toEqual([
        expect.objectContaining({ creditType: 'AMA_PRA_1', amount: 60, available: false }),
      ]);
    },
  },
  {
    source: SOURCES.abpmr,
    scenario: 'ABPMR: a completed cycle makes the 60 Category 1 credits claimable',
    run: () => {
      const profile = physician({
        boards: [
          { board: 'ABPMR', specialty: 'pain-medicine', cycleStart: '2021-01-01', cycleEnd: '2025-12-31' },
        ],
      });
      const credits = [2021, 2022, 2023, 2024, 2025].map((year) => credit(`${year}-06-01`, 30));
      const abpmr = requirement(evaluate(profile, credits, '2026-02-01'), 'abpmr-cc-cme');
      expect(abpmr).toMatchObject({
        status: 'met',
        earned: 150,
        awards: [expect.objectContaining({ available: true })],
      });
      const noDates = physician({ boards: [{ board: 'ABPMR', specialty: 'pain-medicine' }] });
      expect(evaluate(noDates, [], '2026-02-01').skipped).toContainEqual(
        expect.objectContaining({ id: 'abpmr-cc-cme', reason: 'missing-profile-data' }),
      );
    },
  },
  {
    source: SOURCES.np,
    scenario:
      'NP (AANPCB): 100 contact hours per 5 years with 25 in pharmacology; needs the certification cycle',
    run: () => {
      const np = physician({
        profession: 'nurse-practitioner',
        specialty: 'family-nurse-practitioner',
        boards: [{ board: 'AANPCB', specialty: 'fnp' }],
      });
      expect(evaluate(np, [], '2026-01-01').skipped).toContainEqual(
        expect.objectContaining({ id: 'np-aanpcb-recertification', reason: 'missing-profile-data' }),
      );
      const certified = {
        ...np,
        boards: [{ board: 'AANPCB', specialty: 'fnp', cycleStart: '2022-03-01', cycleEnd: '2027-02-28' }],
      };
      const credits = [
        credit('2023-01-01', 60, { creditType: 'ANCC_CH' }),
        credit('2024-01-01', 15, { creditType: 'ACPE_CPE', topics: ['pharmacology'] }),
      ];
      const renewal = requirement(evaluate(certified, credits, '2026-01-01'), 'np-aanpcb-recertification');
      expect(renewal).toMatchObject({ earned: 75, remaining: 25 });
      expect(renewal.components).toEqual([
        { name: 'Contact hours', kind: 'total', required: 100, earned: 75, remaining: 25 },
        { name: 'Pharmacology', kind: 'topic', required: 25, earned: 15, remaining: 10 },
      ]);
    },
  },
  {
    source: SOURCES.caCme,
    scenario: 'the result does not depend on the order of the credit entries',
    run: () => {
      const profile = physician({
        boards: [
          { board: 'ABA', specialty: 'pain-medicine', cycleStart: '2026-01-01', cycleEnd: '2030-12-31' },
        ],
        licenses: [{ state: 'CA', number: 'A1', expiresOn: '2027-04-30' }],
      });
      const credits = [
        credit('2026-02-01', 40),
        credit('2026-02-01', 30, { activityId: 'x' }),
        credit('2026-02-01', 25, { activityId: 'x' }),
        credit('2026-03-01', 10, { topics: ['pain-management'] }),
      ];
      const forward = evaluate(profile, credits, '2026-11-22');
      const backward = evaluate(profile, [...credits].reverse(), '2026-11-22');
      expect(backward).toEqual(forward);
    },
  },
];

describe('published-rule scenarios', () => {
  it.each(scenarios.map((s) => [s.scenario, s.source, s.run] as const))(
    '%s (source: %s)',
    (_scenario, _source, run) => {
      run();
    },
  );
});

describe('rule versions replaced on an effective date', () => {
  const annual = { cycle: { kind: 'fixed', anchorEnd: '2020-12-31', lengthMonths: 12 } } as const;
  const v1 = testRule({
    ...annual,
    id: 'test-annual',
    version: 'v1',
    effectiveTo: '2023-12-31',
    components: [{ kind: 'total', name: 'Total', required: 20 }],
  });
  const v2 = testRule({
    ...annual,
    id: 'test-annual',
    version: 'v2',
    effectiveFrom: '2024-01-01',
    verified: false,
    components: [{ kind: 'total', name: 'Total', required: 30 }],
  });
  const set = testPacks(v1, v2);

  it.each([
    ['2023-06-01', 'v1', 20, '2023-01-01'],
    ['2023-12-31', 'v1', 20, '2023-01-01'],
    ['2024-01-01', 'v2', 30, '2024-01-01'],
    ['2025-03-15', 'v2', 30, '2025-01-01'],
  ])('asOf %s: cycle starting %s is governed by %s', (asOf, version, required, start) => {
    const result = evaluateCompliance(physician(), [], set, asOf);
    expect(requirement(result, 'test-annual')).toMatchObject({
      ruleVersion: version,
      required,
      cycle: { start },
    });
  });

  it('accepts a plain array of parsed packs as well as a compiled set', () => {
    expect(evaluateCompliance(physician(), [], [...set.packs], '2024-02-01')).toEqual(
      evaluateCompliance(physician(), [], set, '2024-02-01'),
    );
  });

  it('a version of a one-time requirement governs the due dates within its dates', () => {
    const oneTime = (version: string, dueOn: string, required: number) =>
      testRule({
        id: 'test-one-time',
        version,
        effectiveFrom: version === 'v1' ? '2000-01-01' : '2024-01-01',
        effectiveTo: version === 'v1' ? '2023-12-31' : null,
        cycle: { kind: 'one-time', countFrom: '2010-01-01', due: { kind: 'date', on: dueOn } },
        components: [{ kind: 'total', name: 'Total', required }],
      });
    // Both cycles count training from 2010; the due date, not that start, picks the version.
    const result = evaluateCompliance(
      physician(),
      [],
      testPacks(oneTime('v1', '2020-06-30', 4), oneTime('v2', '2025-06-30', 8)),
      '2024-06-01',
    );
    expect(requirement(result, 'test-one-time')).toMatchObject({ ruleVersion: 'v2', required: 8 });
  });

  it('rejects an asOf that is not a calendar date', () => {
    expect(() => evaluateCompliance(physician(), [], set, '2024-02-30')).toThrow(
      /asOf must be a calendar date/,
    );
  });
});

describe('caps restricted to credit types', () => {
  const onlyAccepted: CreditType[] = ['AMA_PRA_1'];

  it.each([
    ['on every credit', undefined],
    ['on the only accepted type', onlyAccepted],
  ])('a yearly cap %s bounds all credit: 125 cannot fit in 2029-2030', (_case, types) => {
    const packs = testPacks(
      testRule({
        id: 'test-capped',
        cycle: { kind: 'fixed', anchorEnd: '2030-12-31', lengthMonths: 60 },
        components: [
          { kind: 'total', name: 'Total', required: 125 },
          { kind: 'cap', name: 'At most 60 per calendar year', per: 'calendar-year', max: 60, types },
        ],
      }),
    );
    expect(
      requirement(evaluateCompliance(physician(), [], packs, '2029-03-01'), 'test-capped'),
    ).toMatchObject({ status: 'unattainable', forecast: { earliestCompletion: null } });
  });
});
