import { type z } from 'zod';

import { envelopeSchema, type EventEnvelope } from './envelope';
import { complianceEvents } from './events/compliance-events';
import { courseEvents } from './events/course-events';
import { ledgerEvents } from './events/ledger-events';
import { practitionerEvents } from './events/practitioner-events';

/** Every event type the system knows: its topic and its data schema. Producers and consumers both use it. */
export const eventCatalog = {
  ...courseEvents,
  ...practitionerEvents,
  ...ledgerEvents,
  ...complianceEvents,
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]['data']>;
export type DomainEvent<T extends EventType = EventType> = EventEnvelope<T, EventData<T>>;

export class EventContractError extends Error {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'EventContractError';
  }
}

export function isEventType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.hasOwn(eventCatalog, type);
}

export function topicOf(type: EventType): string {
  return eventCatalog[type].topic;
}

/**
 * Each type's envelope schema, built once: building a zod object schema, and compiling its parser on the
 * first parse, cost far more than a parse, and every event is validated when created and when published.
 */
const envelopes = new Map<EventType, z.ZodType>();

function envelopeOf(type: EventType): z.ZodType {
  let schema = envelopes.get(type);
  if (!schema) {
    schema = envelopeSchema(type, eventCatalog[type].data);
    envelopes.set(type, schema);
  }
  return schema;
}

/** Validates an event against its contract; throws {@link EventContractError} naming every bad field. */
export function validateEvent(candidate: unknown): DomainEvent {
  const type = (candidate as { type?: unknown } | null)?.type;
  if (!isEventType(type)) {
    throw new EventContractError(`unknown event type ${JSON.stringify(type)}`);
  }
  const result = envelopeOf(type).safeParse(candidate);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new EventContractError(
      `invalid ${type}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return result.data as DomainEvent;
}

export interface NewEvent<T extends EventType> {
  id: string;
  type: T;
  source: string;
  subject: string;
  data: EventData<T>;
  time: Date;
  traceparent?: string;
}

/** Builds and validates an envelope; ids come from the caller so that a retried write keeps its event id. */
export function createEvent<T extends EventType>(event: NewEvent<T>): DomainEvent<T> {
  const envelope = {
    specversion: '1.0' as const,
    id: event.id,
    type: event.type,
    source: event.source,
    time: event.time.toISOString(),
    subject: event.subject,
    datacontenttype: 'application/json' as const,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
    data: event.data,
  };
  return validateEvent(envelope) as DomainEvent<T>;
}
