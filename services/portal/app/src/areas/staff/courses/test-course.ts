import { type Course } from './course-api';

/** A course as the catalog answers it, for component tests: a published journal course unless overridden. */
export function testCourse(overrides: Partial<Course> = {}): Course {
  return {
    id: 'c-1',
    version: 4,
    status: 'published',
    title: 'Safe opioid prescribing',
    provider: { name: 'PMEC', accreditor: 'ACCME' },
    format: 'journal',
    topics: [],
    credits: [{ type: 'AMA_PRA_1', amount: 1 }],
    professions: [],
    approvals: [],
    publishedAt: '2026-11-29T09:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
    ...overrides,
  };
}
