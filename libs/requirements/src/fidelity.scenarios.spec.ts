import { calendarDateIn } from './calendar';
import type { ComplianceResult } from './compliance.types';
import { evaluateCompliance } from './evaluate';
import {
  calendarDateSchema,
  checkedCreditEntrySchema,
  type CreditEntry,
  type License,
  type PractitionerProfile,
} from './inputs.schema';
import { loadRulePacks } from './rule-pack.loader';
import { credit, ids, physician, requirement, testPacks, testRule } from './testing/fixtures';

/*
 * Scenarios for the rule-fidelity issue ("rules as the boards and states actually write them"). Each names the
 * primary text it was checked against; boundary dates sit on both sides of every date the rule turns on.
 */

const SOURCES = {
  aanpcb:
    'https://support.aanp.org/hc/en-us/articles/23085150719643-Understanding-How-Continuing-Education-CE-and-Pharmacology-are-Used-for-Certification-or-Recertification',
  aacnPharma: 'http://www.aacn.org/wd/practice/content/faq-pharma-hours.pcms?menu=practice',
  aacnRenewal: 'https://m.aacn.org/certification/certification-renewal/accns-ag',
  tx156060: 'https://texas.public.law/statutes/tex._occ._code_section_156.060',
  tx16135: 'https://www.law.cornell.edu/regulations/texas/22-Tex-Admin-Code-SS-161-35',
  mi2443: 'https://www.law.cornell.edu/regulations/michigan/Mich-Admin-Code-R-338-2443',
  mi7004:
    'https://regulations.justia.com/states/michigan/licensing-and-regulatory-affairs/bureau-of-professional-licensing/public-health-code/public-health-code-general-rules/section-r-338-7004',
  mi7202: 'https://www.law.cornell.edu/regulations/michigan/Mich-Admin-Code-R-338-7202',
  mi3135: 'Mich. Admin. Code R 338.3135 (opioids and controlled substances awareness training)',
  fl0301:
    'https://instalawyer.io/laws/florida-statutes/4560301-requirement-for-instruction (Fla. Stat. 456.0301)',
  flCme: 'https://www.flrules.org/gateway/ruleNo.asp?id=64B8-13.005',
  ny3309a:
    'PHL 3309-a(3)(a)-(b), https://legalfix.com/statutes/state-codes/new-york/pbh/article-33/title-1/3309-a',
  nc0103:
    'https://regulations.justia.com/states/north-carolina/title-21/chapter-32/subchapter-r/section-0100/section-32r-0103',
  mate: 'https://deadiversion.usdoj.gov/faq/MATE_Act_faq.html',
  abpn: 'https://abpn.org/maintain-certification/moc-activity-requirements/continuing-medical-education-cme/',
  abpmr: 'https://www.abpmr.org/CC/LifelongLearning/CME',
  caPain: 'https://www.mbc.ca.gov/Licensees/Continuing_Education/Pain_Management.aspx',
  abaCap: 'https://www.continuingcertification.org/resources/ (ABA: 60 per calendar year)',
  apiContract: 'shared/design/api-contract.md (notCovered, topicHours, possibleDuplicateOf)',
};

const packs = loadRulePacks();

function evaluate(profile: PractitionerProfile, credits: CreditEntry[], asOf: string): ComplianceResult {
  return evaluateCompliance(profile, credits, packs, asOf);
}

const nursePractitioner = (
  board: string,
  cycle: { cycleStart?: string; cycleEnd?: string; certifiedSince?: string },
) =>
  physician({
    profession: 'nurse-practitioner',
    specialty: 'family-nurse-practitioner',
    boards: [{ board, specialty: 'fnp', ...cycle }],
  });

const licensed = (license: License, extra: Partial<PractitionerProfile> = {}) =>
  physician({ licenses: [license], ...extra });

const DEA = { number: 'AB1234563', expiresOn: '2027-05-31' };

interface Scenario {
  source: string;
  scenario: string;
  run: () => void;
}

const nurseScenarios: Scenario[] = [
  {
    source: SOURCES.aanpcb,
    scenario:
      'AANPCB: 100 contact hours, not 75; pharmacology counts only the certificate’s pharmacology hours',
    run: () => {
      const np = nursePractitioner('AANPCB', { cycleStart: '2022-03-01', cycleEnd: '2027-02-28' });
      const credits = [
        credit('2023-01-10', 75, { creditType: 'ANCC_CH' }),
        // 2.5 contact hours of which 0.5 pharmacology, ten times.
        ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((m) =>
          credit(`2024-${String(m).padStart(2, '0')}-05`, 2.5, {
            creditType: 'ANCC_CH',
            topics: ['pharmacology'],
            topicHours: { pharmacology: 0.5 },
          }),
        ),
      ];
      const renewal = requirement(evaluate(np, credits, '2026-06-01'), 'np-aanpcb-recertification');
      expect(renewal.components.map((c) => [c.name, c.earned, c.remaining])).toEqual([
        ['Contact hours', 100, 0],
        ['Pharmacology', 5, 20],
      ]);
      expect(renewal.status).not.toBe('met');
      const pharmacology = credit('2025-02-01', 20, { creditType: 'ACPE_CPE', topics: ['pharmacology'] });
      const met = requirement(
        evaluate(np, [...credits, pharmacology], '2026-06-01'),
        'np-aanpcb-recertification',
      );
      expect(met.status).toBe('met');
    },
  },
  {
    source: SOURCES.aanpcb,
    scenario:
      'AANPCB: the 5-year period runs from certifiedSince (last day 2027-03-14, next period from 2027-03-15)',
    run: () => {
      const np = nursePractitioner('AANPCB', { certifiedSince: '2022-03-15' });
      expect(requirement(evaluate(np, [], '2027-03-14'), 'np-aanpcb-recertification').cycle).toEqual({
        start: '2022-03-15',
        end: '2027-03-14',
      });
      expect(requirement(evaluate(np, [], '2027-03-15'), 'np-aanpcb-recertification').cycle).toEqual({
        start: '2027-03-15',
        end: '2032-03-14',
      });
      const byExam = { ...np, exemptions: ['aanpcb-recertification-by-exam'] };
      expect(evaluate(byExam, [], '2026-01-01').skipped).toContainEqual(
        expect.objectContaining({ id: 'np-aanpcb-recertification', reason: 'exempt' }),
      );
    },
  },
  {
    source: `${SOURCES.aacnPharma}; ${SOURCES.aacnRenewal}`,
    scenario:
      'one rule per certifier: the same 75 hours meet ANCC (unverified), not AANPCB (100) nor AACN (150)',
    run: () => {
      const credits = [
        credit('2023-01-10', 50, { creditType: 'ANCC_CH' }),
        credit('2024-01-10', 25, { creditType: 'ANCC_CH', topics: ['pharmacology'] }),
      ];
      const cycle = { cycleStart: '2022-03-01', cycleEnd: '2027-02-28' };
      const of = (board: string, id: string) =>
        requirement(evaluate(nursePractitioner(board, cycle), credits, '2026-06-01'), id);
      expect(of('ANCC', 'np-ancc-renewal')).toMatchObject({ status: 'met', required: 75, verified: false });
      expect(of('AANPCB', 'np-aanpcb-recertification')).toMatchObject({ remaining: 25, verified: true });
      expect(of('AACN', 'np-aacn-renewal')).toMatchObject({ remaining: 75, verified: false });
      expect(ids(evaluate(nursePractitioner('ANCC', cycle), credits, '2026-06-01'))).not.toContain(
        'np-aanpcb-recertification',
      );
    },
  },
];

const txLicense = (extra: Partial<License> = {}): License => ({
  state: 'TX',
  number: 'T1',
  expiresOn: '2027-08-31',
  ...extra,
});
const HHSC = 'tx-hhsc-approved-human-trafficking' as const;

const texasScenarios: Scenario[] = [
  {
    source: SOURCES.tx156060,
    scenario: 'TX human trafficking: due at renewals 1, 4, 7 (not 2, 3, 5), and when the count is unknown',
    run: () => {
      const owes = (extra: Partial<License>) =>
        ids(evaluate(licensed(txLicense(extra)), [], '2026-11-22')).includes('tx-human-trafficking');
      expect([1, 2, 3, 4, 5, 6, 7].map((renewalNumber) => owes({ renewalNumber }))).toEqual([
        true,
        false,
        false,
        true,
        false,
        false,
        true,
      ]);
      expect(owes({})).toBe(true);
      const notDirectCare = licensed(txLicense({ renewalNumber: 1 }), {
        flags: { directPatientCare: false, painClinic: false },
      });
      expect(ids(evaluate(notDirectCare, [], '2026-11-22'))).not.toContain('tx-human-trafficking');
    },
  },
  {
    source: `${SOURCES.tx156060}; ${SOURCES.tx16135}`,
    scenario: 'TX human trafficking: only an HHSC-approved course counts; a course merely tagged does not',
    run: () => {
      const profile = licensed(txLicense({ renewalNumber: 4 }));
      const tagged = credit('2026-03-01', 1, { topics: ['human-trafficking'] });
      const unapproved = requirement(evaluate(profile, [tagged], '2026-11-22'), 'tx-human-trafficking');
      expect(unapproved).toMatchObject({ earned: 0, remaining: 1, verified: false });
      const approved = credit('2026-03-01', 1, { topics: ['human-trafficking'], approvals: [HHSC] });
      expect(requirement(evaluate(profile, [approved], '2026-11-22'), 'tx-human-trafficking').status).toBe(
        'met',
      );
    },
  },
  {
    source: SOURCES.tx156060,
    scenario:
      'TX human trafficking from SB 415 (2023-09-01 assumed): a period ending 2023-08-31 is not governed, one ending 2023-11-30 is',
    run: () => {
      const owes = (expiresOn: string) =>
        ids(evaluate(licensed(txLicense({ expiresOn, renewalNumber: 1 })), [], '2023-06-01')).includes(
          'tx-human-trafficking',
        );
      expect(owes('2023-08-31')).toBe(false);
      expect(owes('2023-11-30')).toBe(true);
    },
  },
  {
    source: SOURCES.tx16135,
    scenario: 'TX opioid/pain hours are formal: Category 2 tagged opioid does not count, Category 1 does',
    run: () => {
      const profile = licensed(txLicense({ firstRenewal: true }));
      const informal = credit('2026-02-01', 2, { creditType: 'AMA_PRA_2', topics: ['opioid-prescribing'] });
      expect(requirement(evaluate(profile, [informal], '2026-11-22'), 'tx-opioid-pain-early')).toMatchObject({
        earned: 0,
        remaining: 2,
      });
      const formal = credit('2026-02-01', 2, { topics: ['opioid-prescribing'] });
      expect(requirement(evaluate(profile, [formal], '2026-11-22'), 'tx-opioid-pain-early').status).toBe(
        'met',
      );
      const periodic = licensed(txLicense({ renewalNumber: 5 }));
      expect(
        requirement(evaluate(periodic, [informal], '2026-11-22'), 'tx-opioid-pain-periodic').earned,
      ).toBe(0);
    },
  },
  {
    source: SOURCES.tx16135,
    scenario:
      'TX carry-forward: 70 hours in 2023-09-01..2025-08-31 carry 22 into the next period’s total only (boundary 2025-08-31/09-01)',
    run: () => {
      const profile = licensed(txLicense());
      const previous = [
        credit('2024-01-10', 40),
        credit('2025-08-31', 30, { topics: ['ethics'] }), // last day of the previous period
      ];
      const current = [credit('2025-09-01', 26, { creditType: 'AMA_PRA_2' })]; // first day of this one
      const tx = requirement(evaluate(profile, [...previous, ...current], '2026-11-22'), 'tx-physician-cme');
      expect(tx.cycle).toEqual({ start: '2025-09-01', end: '2027-08-31' });
      expect(tx.components.map((c) => [c.name, c.earned])).toEqual([
        ['Total', 48],
        ['Formal (Category 1 / AOA 1-A)', 0],
        ['Ethics or professional responsibility (formal)', 0],
      ]);
      expect(tx.allocations).toEqual([
        { creditId: previous[1].id, amount: 22, carriedForward: true },
        { creditId: current[0].id, amount: 26 },
      ]);
      expect(tx.status).not.toBe('met');
    },
  },
  {
    source: SOURCES.tx16135,
    scenario: 'TX carry-forward: at most 48, and only into the next period (never carried twice)',
    run: () => {
      const profile = licensed(txLicense());
      const credits = [credit('2022-03-01', 120), credit('2024-03-01', 48)];
      // 2021-09..2023-08 earned 120: 48 carry into 2023-09..2025-08, which earned exactly 48 of its own.
      const period2025 = requirement(evaluate(profile, credits, '2025-06-01'), 'tx-physician-cme');
      expect(period2025).toMatchObject({ earned: 96 });
      expect(period2025.allocations.filter((a) => a.carriedForward).map((a) => a.amount)).toEqual([48]);
      // 2025-09..2027-08: the previous period's own excess is 0; its carried 48 do not carry again.
      const period2027 = requirement(evaluate(profile, credits, '2026-11-22'), 'tx-physician-cme');
      expect(period2027).toMatchObject({ earned: 0, remaining: 48 });
    },
  },
  {
    source: SOURCES.tx16135,
    scenario: 'TX: fellows are presumed compliant (exempt); DOs are licensed by the Medical Board (covered)',
    run: () => {
      const fellow = licensed(txLicense({ firstRenewal: true }), { profession: 'fellow' });
      const skipped = evaluate(fellow, [], '2026-11-22').skipped.map((s) => [s.id, s.reason]);
      expect(skipped).toEqual(
        expect.arrayContaining([
          ['tx-physician-cme', 'exempt'],
          ['tx-opioid-pain-early', 'exempt'],
          ['tx-human-trafficking', 'exempt'],
        ]),
      );
      const osteopath = licensed(txLicense(), { profession: 'osteopathic-physician' });
      const result = evaluate(osteopath, [], '2026-11-22');
      expect(ids(result)).toContain('tx-physician-cme');
      expect(result.notCovered).toEqual([]);
    },
  },
];

const miLicense = (extra: Partial<License> = {}): License => ({
  state: 'MI',
  number: 'M1',
  expiresOn: '2027-01-31',
  ...extra,
});

const michiganScenarios: Scenario[] = [
  {
    source: SOURCES.mi2443,
    scenario:
      'MI: 3 pain hours without controlled-substance prescribing are not enough; 1 of them must be on it',
    run: () => {
      const pain = credit('2025-03-01', 3, { topics: ['pain-management'] });
      const mi = requirement(evaluate(licensed(miLicense()), [pain], '2026-06-01'), 'mi-physician-cme');
      expect(mi.components.slice(3).map((c) => [c.name, c.earned, c.remaining])).toEqual([
        ['Pain and symptom management', 3, 0],
        ['Controlled-substance prescribing (of the pain hours)', 0, 1],
      ]);
      const withPrescribing = [
        credit('2025-03-01', 2, { topics: ['pain-management'] }),
        credit('2025-04-01', 1, { topics: ['controlled-substances'] }),
      ];
      const both = requirement(
        evaluate(licensed(miLicense()), withPrescribing, '2026-06-01'),
        'mi-physician-cme',
      );
      expect(both.components.slice(3).map((c) => c.remaining)).toEqual([0, 0]);
    },
  },
  {
    source: SOURCES.mi7004,
    scenario:
      'MI implicit bias: 3 hours per 3-year cycle, for cycles ending from 2022-06-01 (not 2022-05-31)',
    run: () => {
      const owes = (expiresOn: string) =>
        ids(evaluate(licensed(miLicense({ expiresOn })), [], '2022-01-01')).includes('mi-implicit-bias');
      expect(owes('2022-05-31')).toBe(false);
      expect(owes('2022-06-01')).toBe(true);
      const bias = [
        credit('2024-05-01', 2, { topics: ['implicit-bias'] }),
        credit('2025-05-01', 1, { topics: ['implicit-bias'] }),
      ];
      const mi = requirement(evaluate(licensed(miLicense()), bias, '2026-06-01'), 'mi-implicit-bias');
      expect(mi).toMatchObject({
        cycle: { start: '2024-02-01', end: '2027-01-31' },
        required: 3,
        status: 'met',
      });
      // The hours count toward the 150 as well (R 338.2443(1)(e)).
      expect(
        requirement(evaluate(licensed(miLicense()), bias, '2026-06-01'), 'mi-physician-cme').earned,
      ).toBe(3);
    },
  },
  {
    source: SOURCES.mi7202,
    scenario:
      'MI human trafficking: one-time, due at licensure since 2017; completed after it is met but late',
    run: () => {
      const profile = licensed(miLicense({ issuedOn: '2020-05-01' }));
      const overdue = requirement(evaluate(profile, [], '2026-06-01'), 'mi-human-trafficking-training');
      expect(overdue).toMatchObject({ deadline: '2020-05-01', status: 'overdue', verified: false });
      const training = credit('2021-02-01', 1, { topics: ['human-trafficking'] });
      const late = requirement(evaluate(profile, [training], '2026-06-01'), 'mi-human-trafficking-training');
      expect(late).toMatchObject({ status: 'met', completion: { completedOn: '2021-02-01', late: true } });
      // Issue date unknown: the first renewal on or after 2017-01-01 (2018-01-31), with a note.
      const unknown = requirement(
        evaluate(licensed(miLicense()), [], '2026-06-01'),
        'mi-human-trafficking-training',
      );
      expect(unknown.deadline).toBe('2018-01-31');
      expect(unknown.notes[0]).toMatch(/Issue date unknown/);
    },
  },
  {
    source: SOURCES.mi3135,
    scenario:
      'MI opioid awareness: one-time for DEA registrants, due at the first renewal on or after 2022-07-01',
    run: () => {
      const registrant = licensed(miLicense({ issuedOn: '2010-05-01' }), { dea: DEA });
      expect(
        requirement(evaluate(registrant, [], '2023-06-01'), 'mi-opioid-awareness-training').deadline,
      ).toBe('2024-01-31');
      const onTime = credit('2024-01-31', 1, { topics: ['controlled-substances'] });
      expect(
        requirement(evaluate(registrant, [onTime], '2026-06-01'), 'mi-opioid-awareness-training').completion,
      ).toEqual({ completedOn: '2024-01-31', late: false });
      expect(ids(evaluate(licensed(miLicense()), [], '2026-06-01'))).not.toContain(
        'mi-opioid-awareness-training',
      );
    },
  },
];

const flLicense = (extra: Partial<License> = {}): License => ({
  state: 'FL',
  number: 'ME1',
  expiresOn: '2027-01-31',
  ...extra,
});

const floridaScenarios: Scenario[] = [
  {
    source: SOURCES.fl0301,
    scenario: 'FL controlled substances: only the Board-approved course counts, a tagged course does not',
    run: () => {
      const profile = licensed(flLicense(), { dea: DEA });
      const tagged = credit('2026-01-10', 2, { topics: ['controlled-substances'] });
      const unapproved = requirement(
        evaluate(profile, [tagged], '2026-06-01'),
        'fl-controlled-substance-prescribing',
      );
      expect(unapproved).toMatchObject({ earned: 0, remaining: 2 });
      const approved = credit('2026-01-10', 2, {
        topics: ['controlled-substances'],
        approvals: ['fl-board-approved-controlled-substance'],
      });
      expect(
        requirement(evaluate(profile, [approved], '2026-06-01'), 'fl-controlled-substance-prescribing')
          .status,
      ).toBe('met');
    },
  },
  {
    source: SOURCES.flCme,
    scenario:
      'FL first renewal: medical errors, HIV/AIDS and controlled substances are due, not the 40 hours (unverified)',
    run: () => {
      const idsFor = (extra: Partial<License>) =>
        ids(evaluate(licensed(flLicense(extra), { dea: DEA }), [], '2026-06-01'));
      const first = idsFor({ firstRenewal: true });
      expect(first).toEqual(
        expect.arrayContaining([
          'fl-medical-errors',
          'fl-hiv-aids-first-renewal',
          'fl-controlled-substance-prescribing',
        ]),
      );
      expect(first).not.toContain('fl-physician-cme');
      // Issued 2025-03-01, expiring 2027-01-31: the first renewal as well.
      expect(idsFor({ issuedOn: '2025-03-01' })).not.toContain('fl-physician-cme');
      expect(idsFor({ renewalNumber: 2 })).toContain('fl-physician-cme');
      expect(idsFor({})).toContain('fl-physician-cme');
      expect(
        requirement(evaluate(licensed(flLicense({ renewalNumber: 2 })), [], '2026-06-01'), 'fl-physician-cme')
          .verified,
      ).toBe(false);
    },
  },
];

const NY_APPROVED = 'ny-approved-pain-palliative-addiction' as const;
const nyLicense = (issuedOn?: string): License => ({
  state: 'NY',
  number: 'N1',
  expiresOn: '2027-08-31',
  ...(issuedOn ? { issuedOn } : {}),
});

const newYorkScenarios: Scenario[] = [
  {
    source: SOURCES.ny3309a,
    scenario:
      'NY licensed from 2017-07-01: first 3 hours within a year of the DEA registration (to 2021-03-15), then every 3 years',
    run: () => {
      const profile = licensed(nyLicense('2019-05-01'), {
        dea: { number: 'AB1234563', expiresOn: '2026-03-31', registeredOn: '2020-03-15' },
      });
      const id = 'ny-pain-palliative-addiction-new-licensee';
      expect(ids(evaluate(profile, [], '2020-03-14'))).not.toContain(id);
      expect(requirement(evaluate(profile, [], '2021-03-15'), id).cycle).toEqual({
        start: '2020-03-15',
        end: '2021-03-15',
      });
      expect(requirement(evaluate(profile, [], '2021-03-16'), id).cycle).toEqual({
        start: '2021-03-16',
        end: '2024-03-15',
      });
      const course = credit('2020-09-01', 3, { topics: ['pain-management'], approvals: [NY_APPROVED] });
      expect(requirement(evaluate(profile, [course], '2021-03-15'), id).status).toBe('met');
      const unapproved = credit('2020-09-01', 3, { topics: ['pain-management'] });
      expect(requirement(evaluate(profile, [unapproved], '2021-03-16'), id).earned).toBe(0);
      expect(ids(evaluate(profile, [], '2021-03-16'))).not.toContain('ny-pain-palliative-addiction');
    },
  },
  {
    source: SOURCES.ny3309a,
    scenario:
      'NY licensed 2017-06-30 (or issue date unknown): fixed windows ending 1 July; no registeredOn: skipped',
    run: () => {
      const dea = { number: 'AB1234563', expiresOn: '2027-05-31' };
      const older = evaluate(licensed(nyLicense('2017-06-30'), { dea }), [], '2026-03-01');
      expect(requirement(older, 'ny-pain-palliative-addiction').cycle).toEqual({
        start: '2023-07-02',
        end: '2026-07-01',
      });
      expect(ids(evaluate(licensed(nyLicense(), { dea }), [], '2026-03-01'))).toContain(
        'ny-pain-palliative-addiction',
      );
      const newer = evaluate(licensed(nyLicense('2017-07-01'), { dea }), [], '2026-03-01');
      expect(ids(newer)).not.toContain('ny-pain-palliative-addiction');
      expect(newer.skipped).toContainEqual(
        expect.objectContaining({
          id: 'ny-pain-palliative-addiction-new-licensee',
          reason: 'missing-profile-data',
        }),
      );
    },
  },
];

const mateScenarios: Scenario[] = [
  {
    source: SOURCES.mate,
    scenario:
      'MATE: a registration first issued 2026-05-10 (expiring 2029-08-31) is due at that registration, not in 2023',
    run: () => {
      const profile = physician({
        dea: { number: 'AB1234563', expiresOn: '2029-08-31', registeredOn: '2026-05-10' },
      });
      expect(ids(evaluate(profile, [], '2026-05-09'))).not.toContain('dea-mate-training');
      expect(requirement(evaluate(profile, [], '2026-05-10'), 'dea-mate-training')).toMatchObject({
        deadline: '2026-05-10',
        status: 'at-risk',
      });
      expect(requirement(evaluate(profile, [], '2026-05-11'), 'dea-mate-training').status).toBe('overdue');
      const topics = ['substance-use-disorder'];
      const onTheDay = requirement(
        evaluate(profile, [credit('2026-05-10', 8, { topics })], '2026-06-01'),
        'dea-mate-training',
      );
      expect(onTheDay.completion).toEqual({ completedOn: '2026-05-10', late: false });
      const late = requirement(
        evaluate(
          profile,
          [credit('2025-01-01', 4, { topics }), credit('2026-05-11', 4, { topics })],
          '2026-06-01',
        ),
        'dea-mate-training',
      );
      expect(late).toMatchObject({ status: 'met', completion: { completedOn: '2026-05-11', late: true } });
    },
  },
  {
    source: SOURCES.mate,
    scenario:
      'MATE: a registration from 2021 is due at its first renewal on or after 2023-06-27 (2024-05-31)',
    run: () => {
      const profile = physician({
        dea: { number: 'AB1234563', expiresOn: '2027-05-31', registeredOn: '2021-05-31' },
      });
      expect(requirement(evaluate(profile, [], '2024-01-01'), 'dea-mate-training').deadline).toBe(
        '2024-05-31',
      );
      const unknown = physician({ dea: { number: 'AB1234563', expiresOn: '2029-08-31' } });
      const assumed = requirement(evaluate(unknown, [], '2026-06-01'), 'dea-mate-training');
      expect(assumed.deadline).toBe('2023-08-31');
      expect(assumed.notes[0]).toMatch(/Registration date unknown/);
    },
  },
  {
    source: SOURCES.caPain,
    scenario:
      'one-time completion: CA 12 h met on time is not late; completed the day after the due date it is',
    run: () => {
      const license = { state: 'CA', number: 'A1', expiresOn: '2026-06-30', renewalNumber: 2 };
      const topics = ['pain-management'];
      const due = requirement(
        evaluate(licensed(license), [], '2026-01-01'),
        'ca-pain-terminally-ill-12h',
      ).deadline;
      expect(due).toBe('2026-06-30');
      const onTime = [credit('2024-01-01', 6, { topics }), credit('2026-06-30', 6, { topics })];
      expect(
        requirement(evaluate(licensed(license), onTime, '2026-08-01'), 'ca-pain-terminally-ill-12h')
          .completion,
      ).toEqual({ completedOn: '2026-06-30', late: false });
      const late = [credit('2024-01-01', 6, { topics }), credit('2026-07-01', 6, { topics })];
      expect(
        requirement(evaluate(licensed(license), late, '2026-08-01'), 'ca-pain-terminally-ill-12h'),
      ).toMatchObject({ status: 'met', completion: { completedOn: '2026-07-01', late: true } });
    },
  },
];

const northCarolina = (board: Partial<PractitionerProfile['boards'][number]>) =>
  physician({
    birthMonth: 4,
    licenses: [{ state: 'NC', number: 'C1', expiresOn: '2027-04-30', issuedOn: '2019-07-15' }],
    boards: [{ board: 'ABA', specialty: 'pain-medicine', ...board }],
    dea: DEA,
  });

const boardScenarios: Scenario[] = [
  {
    source: SOURCES.nc0103,
    scenario:
      'NC: MOC participants are deemed to meet the 60 hours; the controlled-substance hours still apply',
    run: () => {
      const result = evaluate(northCarolina({ mocParticipation: true }), [], '2026-11-22');
      expect(result.skipped).toContainEqual(
        expect.objectContaining({ id: 'nc-physician-cme', reason: 'exempt' }),
      );
      expect(ids(result)).toContain('nc-controlled-substances');
      const lifetime = evaluate(
        northCarolina({ lifetimeCertificate: true, mocParticipation: false }),
        [],
        '2026-11-22',
      );
      expect(ids(lifetime)).toContain('nc-physician-cme');
    },
  },
  {
    source: SOURCES.nc0103,
    scenario:
      'NC: initial certification within the cycle (from 2026-04-01) deems it met; the day before does not',
    run: () => {
      const inCycle = evaluate(northCarolina({ certifiedSince: '2026-04-01' }), [], '2026-11-22');
      expect(inCycle.skipped).toContainEqual(
        expect.objectContaining({ id: 'nc-physician-cme', reason: 'exempt' }),
      );
      const before = evaluate(northCarolina({ certifiedSince: '2026-03-31' }), [], '2026-11-22');
      expect(requirement(before, 'nc-physician-cme').cycle).toEqual({
        start: '2026-04-01',
        end: '2029-03-31',
      });
    },
  },
  {
    source: SOURCES.abpn,
    scenario:
      'ABPN: the 60 AMA credits for a met block show as available in the next block, not for an unmet one',
    run: () => {
      const profile = physician({
        boards: [
          { board: 'ABPN', specialty: 'pain-medicine', cycleStart: '2022-01-01', cycleEnd: '2031-12-31' },
        ],
      });
      const met = [2022, 2023, 2024].map((year) => credit(`${year}-06-01`, 30));
      const next = requirement(evaluate(profile, met, '2025-02-01'), 'abpn-cc-cme');
      expect(next.cycle).toEqual({ start: '2025-01-01', end: '2027-12-31' });
      expect(next.awards).toEqual([
        expect.objectContaining({ available: true, forCycle: { start: '2022-01-01', end: '2024-12-31' } }),
      ]);
      const short = requirement(evaluate(profile, met.slice(1), '2025-02-01'), 'abpn-cc-cme');
      expect(short.awards).toEqual([
        expect.objectContaining({ available: false, forCycle: { start: '2025-01-01', end: '2027-12-31' } }),
      ]);
      const lastDay = requirement(evaluate(profile, met, '2024-12-31'), 'abpn-cc-cme');
      expect(lastDay.awards?.[0].available).toBe(false);
    },
  },
  {
    source: SOURCES.abpmr,
    scenario:
      'ABPMR: a recertified (met) 2021-2025 cycle makes the 60 credits available in the 2026-2030 cycle',
    run: () => {
      const profile = physician({
        boards: [
          { board: 'ABPMR', specialty: 'pain-medicine', cycleStart: '2026-01-01', cycleEnd: '2030-12-31' },
        ],
      });
      const credits = [2021, 2022, 2023, 2024, 2025].map((year) => credit(`${year}-06-01`, 30));
      const abpmr = requirement(evaluate(profile, credits, '2026-02-01'), 'abpmr-cc-cme');
      expect(abpmr).toMatchObject({ earned: 0, status: 'on-track' });
      expect(abpmr.awards).toEqual([
        expect.objectContaining({ available: true, forCycle: { start: '2021-01-01', end: '2025-12-31' } }),
      ]);
    },
  },
];

const ledgerScenarios: Scenario[] = [
  {
    source: SOURCES.apiContract,
    scenario:
      'topicHours: a topic minimum counts only those hours; a topic listed without hours counts the whole',
    run: () => {
      const profile = licensed({ state: 'CA', number: 'A1', expiresOn: '2027-04-30', renewalNumber: 1 });
      const credits = [
        credit('2026-01-10', 6, { topics: ['pain-management'], topicHours: { 'pain-management': 2 } }),
        credit('2026-02-10', 3, { topics: ['palliative-care'] }),
        // A topic given hours counts even when not listed in topics.
        credit('2026-03-10', 4, { topicHours: { 'end-of-life-care': 1.5 } }),
      ];
      const ca = requirement(evaluate(profile, credits, '2026-06-01'), 'ca-pain-terminally-ill-12h');
      expect(ca).toMatchObject({ earned: 6.5, remaining: 5.5 });
      expect(ca.allocations.map((a) => a.amount)).toEqual([2, 3, 1.5]);
      expect(requirement(evaluate(profile, credits, '2026-06-01'), 'ca-physician-cme').earned).toBe(13);
    },
  },
  {
    source: `${SOURCES.apiContract}; ${SOURCES.caPain}`,
    scenario:
      'same activity and day: the 8-hour record keeps no topic, the 2-hour record keeps its pain topic',
    run: () => {
      const profile = licensed({ state: 'CA', number: 'A1', expiresOn: '2027-04-30', renewalNumber: 1 });
      const untagged = credit('2026-01-10', 8, { activityId: 'act-1' });
      const tagged = credit('2026-01-10', 2, { activityId: 'act-1', topics: ['pain-management'] });
      const result = evaluate(profile, [untagged, tagged], '2026-06-01');
      expect(requirement(result, 'ca-pain-terminally-ill-12h').earned).toBe(2);
      expect(requirement(result, 'ca-physician-cme')).toMatchObject({
        earned: 8,
        allocations: [{ creditId: untagged.id, amount: 8 }],
      });
    },
  },
  {
    source: `${SOURCES.apiContract}; ${SOURCES.aanpcb}`,
    scenario: 'one activity in AMA and ANCC: pharmacology comes from the ANCC certificate’s hours only',
    run: () => {
      const np = nursePractitioner('AANPCB', { cycleStart: '2022-03-01', cycleEnd: '2027-02-28' });
      const ancc = credit('2024-05-01', 2.5, {
        creditType: 'ANCC_CH',
        activityId: 'act-9',
        topicHours: { pharmacology: 0.5 },
      });
      const ama = credit('2024-05-01', 2.5, { activityId: 'act-9', topics: ['diabetes'] });
      const renewal = requirement(evaluate(np, [ama, ancc], '2026-01-01'), 'np-aanpcb-recertification');
      expect(renewal.components.map((c) => c.earned)).toEqual([2.5, 0.5]);
    },
  },
  {
    source: SOURCES.apiContract,
    scenario:
      'possibleDuplicateOf: the pair counts once; the flagged entry counts when the original is voided or gone',
    run: () => {
      const aba = physician({
        boards: [
          { board: 'ABA', specialty: 'pain-medicine', cycleStart: '2026-01-01', cycleEnd: '2030-12-31' },
        ],
      });
      const original = credit('2026-02-01', 10, { id: 'c-1' });
      const flagged = credit('2026-02-02', 10, { id: 'c-2', possibleDuplicateOf: 'c-1' });
      const earned = (credits: CreditEntry[]) =>
        requirement(evaluate(aba, credits, '2026-06-01'), 'aba-moca-cme').allocations;
      expect(earned([original, flagged])).toEqual([{ creditId: 'c-1', amount: 10 }]);
      expect(earned([{ ...original, voided: true }, flagged])).toEqual([{ creditId: 'c-2', amount: 10 }]);
      expect(earned([flagged])).toEqual([{ creditId: 'c-2', amount: 10 }]);
      // Two entries naming each other still count once: the smaller id.
      expect(earned([{ ...original, possibleDuplicateOf: 'c-2' }, flagged])).toEqual([
        { creditId: 'c-1', amount: 10 },
      ]);
    },
  },
  {
    source: SOURCES.abaCap,
    scenario:
      'time zones: 2026-01-01T05:30Z is 2025-12-31 in Chicago and counts in 2025’s cap; a raw timestamp is refused',
    run: () => {
      expect(calendarDateIn('America/Chicago', '2026-01-01T05:30:00Z')).toBe('2025-12-31');
      expect(calendarDateIn('America/Chicago', '2026-01-01T06:00:00Z')).toBe('2026-01-01');
      expect(calendarDateSchema.safeParse('2026-10-01T00:00:00Z').success).toBe(false);
      expect(calendarDateSchema.safeParse('2026-10-01').success).toBe(true);
      const aba = physician({
        boards: [
          { board: 'ABA', specialty: 'pain-medicine', cycleStart: '2021-01-01', cycleEnd: '2025-12-31' },
        ],
      });
      const december = [
        credit('2025-06-01', 55),
        credit(calendarDateIn('America/Chicago', '2026-01-01T05:30:00Z'), 10),
      ];
      expect(requirement(evaluate(aba, december, '2025-12-31'), 'aba-moca-cme').earned).toBe(60);
      expect(() => evaluate(aba, [credit('2026-10-01T00:00:00Z', 1)], '2026-11-22')).toThrow(
        /completedOn must be a calendar date/,
      );
      expect(() =>
        evaluate(physician({ dea: { number: 'AB1', expiresOn: '2027-05-31T00:00:00Z' } }), [], '2026-11-22'),
      ).toThrow(/dea.expiresOn must be a calendar date/);
    },
  },
];

const coverageScenarios: Scenario[] = [
  {
    source: SOURCES.apiContract,
    scenario:
      'notCovered: a state, a board and a profession no pack covers are reported, never silently dropped',
    run: () => {
      const profile = physician({
        licenses: [
          { state: 'CA', number: 'A1', expiresOn: '2027-04-30' },
          { state: 'OH', number: 'O1', expiresOn: '2027-04-30' },
        ],
        boards: [{ board: 'ABPM', specialty: 'addiction-medicine' }],
        dea: DEA,
      });
      expect(evaluate(profile, [], '2026-06-01').notCovered).toEqual([
        { kind: 'license', code: 'OH', detail: expect.stringMatching(/OH license of a physician/) },
        { kind: 'board', code: 'ABPM', detail: expect.stringMatching(/ABPM certification/) },
      ]);
      // The Medical Board of California licenses MDs only.
      const osteopath = {
        ...profile,
        profession: 'osteopathic-physician' as const,
        licenses: profile.licenses.slice(0, 1),
      };
      expect(evaluate(osteopath, [], '2026-06-01').notCovered.map((n) => n.code)).toEqual(['CA', 'ABPM']);
      const pharmacist = physician({
        profession: 'pharmacist',
        licenses: [{ state: 'NY', number: 'N1', expiresOn: '2027-08-31' }],
        dea: DEA,
      });
      expect(evaluate(pharmacist, [], '2026-06-01').notCovered).toEqual([
        expect.objectContaining({ kind: 'license', code: 'NY' }),
      ]);
    },
  },
  {
    source: SOURCES.apiContract,
    scenario: 'notCovered is derived from the packs given: a pack naming OH in its cycle covers OH',
    run: () => {
      const ohio = testPacks(
        testRule({
          id: 'test-ohio',
          appliesTo: { professions: ['physician'] },
          cycle: { kind: 'license', state: 'OH', lengthMonths: 24 },
        }),
      );
      const profile = physician({
        licenses: [{ state: 'OH', number: 'O1', expiresOn: '2027-04-30' }],
        dea: DEA,
      });
      expect(evaluateCompliance(profile, [], ohio, '2026-06-01').notCovered).toEqual([
        expect.objectContaining({ kind: 'registration', code: 'DEA' }),
      ]);
    },
  },
];

describe('rule-fidelity scenarios', () => {
  const all = [
    ...nurseScenarios,
    ...texasScenarios,
    ...michiganScenarios,
    ...floridaScenarios,
    ...newYorkScenarios,
    ...mateScenarios,
    ...boardScenarios,
    ...ledgerScenarios,
    ...coverageScenarios,
  ];
  it.each(all.map((s) => [s.scenario, s.source, s.run] as const))(
    '%s (source: %s)',
    (_scenario, _source, run) => {
      run();
    },
  );

  it('validates whole credit entries: topic hours within the amount, not a duplicate of itself', () => {
    const entry = { id: 'c-1', completedOn: '2026-01-01', creditType: 'ANCC_CH', amount: 2, topics: [] };
    expect(checkedCreditEntrySchema.safeParse({ ...entry, topicHours: { pharmacology: 2 } }).success).toBe(
      true,
    );
    expect(checkedCreditEntrySchema.safeParse({ ...entry, topicHours: { pharmacology: 2.5 } }).success).toBe(
      false,
    );
    expect(checkedCreditEntrySchema.safeParse({ ...entry, possibleDuplicateOf: 'c-1' }).success).toBe(false);
    expect(checkedCreditEntrySchema.safeParse({ ...entry, approvals: ['not-an-approval'] }).success).toBe(
      false,
    );
  });
});
