import { asPractitioner, asStaff } from './local-identity';
import { waitFor } from './wait-for';

/** The demo practitioner whose credit `npm start` records, and the staff member who publishes the courses. */
export const DEMO_PRACTITIONER = {
  id: 'demo-practitioner',
  email: 'dr.rivera@example.org',
  name: 'Dr. Alex Rivera',
};
export const DEMO_STAFF_ID = 'demo-staff';

/** Catalog courses a pain-medicine practitioner would look for; the first one is claimed by the demo practitioner. */
export const DEMO_COURSES = [
  {
    title: 'Safe opioid prescribing for chronic pain',
    summary: 'Risk assessment, dosing, tapering and monitoring for long-term opioid therapy.',
    provider: { name: 'Pain Medicine Education Collaborative', accreditor: 'ACCME' },
    format: 'live',
    topics: ['opioid-prescribing', 'pain-management', 'controlled-substances'],
    credits: [
      { type: 'AMA_PRA_1', amount: 8 },
      { type: 'ANCC_CH', amount: 8 },
    ],
    professions: ['physician', 'nurse-practitioner'],
    startsOn: '2026-12-01',
    endsOn: '2026-12-01',
    location: 'Chicago, IL',
  },
  {
    title: 'Buprenorphine and opioid use disorder in pain practice',
    provider: { name: 'Pain Medicine Education Collaborative', accreditor: 'ACCME' },
    format: 'internet-enduring',
    topics: ['substance-use-disorder', 'opioid-prescribing'],
    credits: [{ type: 'AMA_PRA_1', amount: 4 }],
    professions: ['physician', 'nurse-practitioner'],
    availableUntil: '2029-12-01',
  },
  {
    title: 'Patient safety in interventional pain procedures',
    provider: { name: 'Society of Interventional Pain Physicians', accreditor: 'ACCME' },
    format: 'internet-live',
    topics: ['patient-safety', 'medical-errors'],
    credits: [
      { type: 'AMA_PRA_1', amount: 2 },
      { type: 'ABA_PATIENT_SAFETY', amount: 2 },
    ],
    professions: ['physician'],
    startsOn: '2027-01-15',
    endsOn: '2027-01-15',
  },
  {
    title: 'Pain management and care of the terminally ill',
    provider: { name: 'Palliative Care Learning Network', accreditor: 'ACCME' },
    format: 'enduring',
    topics: ['pain-management', 'end-of-life-care'],
    credits: [{ type: 'AMA_PRA_1', amount: 12 }],
    professions: ['physician'],
    availableUntil: '2028-06-30',
  },
];

/**
 * Who the demo practitioner is: a Texas and Florida pain physician, ABA-certified, with a DEA registration, so
 * that the compliance answer has state, board and federal requirements in it from the first start.
 */
export const DEMO_PROFILE = {
  name: DEMO_PRACTITIONER.name,
  email: DEMO_PRACTITIONER.email,
  profession: 'physician',
  specialty: 'pain-medicine',
  npi: '1234567893',
  birthMonth: 4,
  birthDay: 12,
  licenses: [
    { state: 'TX', number: 'TX-Q4821', issuedOn: '2014-06-01', expiresOn: '2027-04-30', renewalNumber: 6 },
    { state: 'FL', number: 'ME-118204', issuedOn: '2019-02-01', expiresOn: '2028-01-31', renewalNumber: 3 },
  ],
  boards: [
    {
      board: 'ABA',
      specialty: 'pain-medicine',
      certifiedSince: '2016-01-01',
      cycleStart: '2026-01-01',
      cycleEnd: '2035-12-31',
      mocParticipation: true,
    },
  ],
  dea: { number: 'AB1234563', registeredOn: '2024-01-01', expiresOn: '2027-01-31', states: ['TX', 'FL'] },
  flags: { directPatientCare: true, painClinic: true },
};

/** Outside activities the demo practitioner recorded besides the catalog course, each with its certificate's hours. */
export const DEMO_OUTSIDE_CREDITS = [
  {
    activity: {
      title: 'Ethics and boundaries in pain practice',
      provider: 'Texas Pain Society',
      accreditor: 'ACCME',
      format: 'live',
      topics: ['ethics'],
    },
    completedOn: '2026-03-10',
    claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
  },
  {
    activity: {
      title: 'Interventional pain medicine annual meeting',
      provider: 'American Society of Regional Anesthesia and Pain Medicine',
      accreditor: 'ACCME',
      format: 'live',
      topics: ['pain-management'],
    },
    completedOn: '2026-05-20',
    claimed: [{ type: 'AMA_PRA_1', amount: 12 }],
  },
  {
    activity: {
      title: 'Controlled substances: prescribing and monitoring update',
      provider: 'Florida Medical Association',
      accreditor: 'ACCME',
      format: 'internet-enduring',
      topics: ['controlled-substances', 'opioid-prescribing'],
    },
    completedOn: '2025-11-05',
    claimed: [{ type: 'AMA_PRA_1', amount: 2 }],
  },
];

export interface DemoData {
  courseIds: string[];
  creditId: string;
}

export interface Endpoints {
  catalog: string;
  credits: string;
}

async function call(url: string, init: RequestInit, expected: number[]): Promise<unknown> {
  const response = await fetch(url, init);
  const body: unknown = await response.json().catch(() => undefined);
  if (!expected.includes(response.status)) {
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

function json(headers: Record<string, string>, body?: unknown): RequestInit {
  return { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * Publishes the demo courses (once: courses already published by an earlier run are found by id), gives the
 * demo practitioner a profile and a few outside credits, and records their credit for the first course with a
 * fixed idempotency key, so running `npm start` again adds nothing and sends no second confirmation email.
 */
export async function seedDemoData(endpoints: Endpoints, previous?: DemoData): Promise<DemoData> {
  const staff = asStaff(DEMO_STAFF_ID);
  const courseIds: string[] = [];
  for (const [index, course] of DEMO_COURSES.entries()) {
    const known = previous?.courseIds[index];
    if (known && (await fetch(`${endpoints.catalog}/v1/courses/${known}`, { headers: staff })).ok) {
      courseIds.push(known);
      continue;
    }
    const draft = (await call(
      `${endpoints.catalog}/v1/courses`,
      { method: 'POST', ...json(staff, course) },
      [201],
    )) as { id: string };
    await call(
      `${endpoints.catalog}/v1/courses/${draft.id}/publish`,
      { method: 'POST', headers: staff },
      [200],
    );
    courseIds.push(draft.id);
  }

  const practitioner = asPractitioner(DEMO_PRACTITIONER.id, DEMO_PRACTITIONER.email, DEMO_PRACTITIONER.name);
  // A PUT of the same profile changes nothing; the outside credits' idempotency keys make a re-run record none.
  await call(
    `${endpoints.credits}/v1/practitioners/me`,
    { method: 'PUT', ...json(practitioner, DEMO_PROFILE) },
    [200, 201],
  );
  for (const [index, credit] of DEMO_OUTSIDE_CREDITS.entries()) {
    await call(
      `${endpoints.credits}/v1/practitioners/me/credits`,
      {
        method: 'POST',
        ...json({ ...practitioner, 'idempotency-key': `demo-outside-credit-${index}` }, credit),
      },
      [200, 201],
    );
  }
  const claim = {
    courseId: courseIds[0],
    completedOn: '2026-10-01',
    claimed: [{ type: 'AMA_PRA_1', amount: 8 }],
  };
  // The credits service learns of a course from the catalog's event: until then the claim is refused (422).
  const credit = await waitFor(
    async () => {
      const response = await fetch(`${endpoints.credits}/v1/practitioners/me/credits`, {
        method: 'POST',
        ...json({ ...practitioner, 'idempotency-key': `demo-credit-${courseIds[0]}` }, claim),
      });
      if (response.status === 422) return undefined;
      if (response.status !== 200 && response.status !== 201) {
        throw new SeedingError(
          `recording the demo credit answered ${response.status}: ${await response.text()}`,
        );
      }
      return (await response.json()) as { id: string };
    },
    {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'the credits service to know the demo course',
      stopOn: SeedingError,
    },
  );
  return { courseIds, creditId: credit.id };
}

class SeedingError extends Error {}
