import { createHash } from 'node:crypto';

import ical from 'ical-generator';

import { type PractitionerRecord } from './practitioner-record';

/** Calendar apps poll a subscription at about this interval (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 6 * 3600;

/**
 * The same UID for the same practitioner, requirement and cycle on every download and in every feed, so a
 * calendar app updates the event it has instead of adding another; a new cycle is a new event.
 */
export function deadlineUid(
  practitionerId: string,
  requirementId: string,
  cycle: { start: string | null; end: string },
) {
  const key = [practitionerId, requirementId, cycle.start ?? '', cycle.end].join('\u0000');
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}@credits.cme-tracker`;
}

/** One all-day event per requirement whose deadline is today or later, with what is still missing. */
export function deadlinesCalendar(record: PractitionerRecord): string {
  const { practitioner, compliance, today } = record;
  const calendar = ical({
    name: 'CME deadlines',
    description: `Continuing-education deadlines of ${practitioner.profile.name}`,
    prodId: { company: 'CME Tracker', product: 'credits', language: 'EN' },
    ttl: REFRESH_SECONDS,
  });
  for (const requirement of compliance.requirements) {
    if (requirement.deadline < today) continue;
    const gaps = requirement.components
      .filter((component) => component.kind !== 'cap' && component.remaining > 0)
      .map((component) => `- ${component.name}: ${component.remaining} remaining of ${component.required}`);
    calendar.createEvent({
      id: deadlineUid(practitioner.id, requirement.id, requirement.cycle),
      start: new Date(`${requirement.deadline}T00:00:00Z`),
      allDay: true,
      stamp: new Date(compliance.evaluatedAt),
      summary:
        requirement.remaining > 0
          ? `${requirement.name}: ${requirement.remaining} hours remaining`
          : `${requirement.name}: deadline (met)`,
      description: [
        `${requirement.name} (${requirement.authority})`,
        `Status on ${compliance.asOf}: ${requirement.status}`,
        `Remaining: ${requirement.remaining} hours (earned ${requirement.earned} of ${requirement.required})`,
        ...gaps,
        `Cycle ${requirement.cycle.start ?? 'from any date'} to ${requirement.cycle.end}`,
      ].join('\n'),
      categories: [{ name: 'CME' }],
    });
  }
  return calendar.toString();
}
