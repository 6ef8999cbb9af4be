import { type RequirementStanding } from '@cme/contracts';

/** A requirement as a compliance event reports it, for tests: a 48-hour license with 28 hours to go. */
export function requirementStanding(overrides: Partial<RequirementStanding> = {}): RequirementStanding {
  return {
    id: 'tx-license',
    name: 'Texas medical license',
    status: 'on-track',
    deadline: '2027-06-30',
    cycle: { start: '2025-07-01', end: '2027-06-30' },
    required: 48,
    earned: 20,
    remaining: 28,
    components: [
      { name: 'Total', kind: 'total', required: 48, remaining: 28 },
      { name: 'Medical ethics', kind: 'topic', required: 2, remaining: 2 },
    ],
    recommendedCourses: [
      {
        courseId: 'c-ethics',
        title: 'Ethics in pain care',
        hours: 2,
        url: 'https://courses.example.org/c-ethics',
      },
      { courseId: 'c-opioids', title: 'Safe opioid prescribing', hours: 8 },
    ],
    ...overrides,
  };
}
