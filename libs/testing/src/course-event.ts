import { randomUUID } from 'node:crypto';

import { CourseEventTypes, createEvent } from '@cme/contracts';

/**
 * A valid catalog event of realistic size, for tests and benchmarks of the event pipeline; its version orders
 * the events of one course.
 */
export function courseEvent(courseId: string, version: number, title = `version ${version}`) {
  return createEvent({
    id: randomUUID(),
    type: CourseEventTypes.updated,
    source: 'test-fixture',
    subject: courseId,
    time: new Date(),
    data: {
      id: courseId,
      version,
      status: 'published',
      title,
      summary: 'Safe opioid prescribing for chronic pain: a synthetic course snapshot of realistic size.',
      provider: { name: 'Pain Society', accreditor: 'ACCME', accreditationId: 'ACCME-1234' },
      format: 'internet-enduring',
      topics: ['opioid-prescribing', 'pain-management'],
      credits: [
        { type: 'AMA_PRA_1', amount: 8 },
        { type: 'ANCC_CH', amount: 8 },
      ],
      professions: ['physician', 'nurse-practitioner', 'pharmacist'],
      availableUntil: '2029-12-01',
      url: 'https://example.org/courses/synthetic',
      updatedAt: new Date().toISOString(),
    },
  });
}
