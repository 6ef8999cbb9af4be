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
