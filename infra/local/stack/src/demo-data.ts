import { asPractitioner, asStaff, waitFor } from '@cme/local-runtime';

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
 * Publishes the demo courses (once: courses already published by an earlier run are found by id) and records
 * the demo practitioner's credit for the first one with a fixed idempotency key, so running `npm start` again
 * adds nothing and sends no second confirmation email.
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
