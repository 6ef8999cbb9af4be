/**
 * Kafka topics, one per event stream, versioned in the name. Within a version changes are additive only;
 * a breaking change is a new `v2` topic published alongside. The key of every message is the aggregate id.
 */
export const Topics = {
  courses: 'cme.catalog.course.v1',
  practitioners: 'cme.credits.practitioner.v1',
  ledger: 'cme.credits.ledger.v1',
  compliance: 'cme.credits.compliance.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

/**
 * Where every consumer group sends the events it gave up on (failed every attempt, or broke their contract),
 * unchanged, with the reason in the headers. One topic for the system, so operators look in one place.
 */
export const DEAD_LETTER_TOPIC = 'cme.deadletter.v1';

/**
 * A consumer group's own queue of events to try again later. Per group, so a retry (or a replay from the
 * dead-letter topic) reaches only the group that failed, not every service reading the original topic.
 */
export function retryTopicOf(groupId: string): string {
  return `cme.retry.${groupId}.v1`;
}
