import { z } from 'zod';

/** W3C trace context, carried in the envelope and in Kafka headers. */
export const TRACEPARENT_PATTERN = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

/**
 * The envelope every event travels in, in the CloudEvents 1.0 style. `subject` is the aggregate id and
 * doubles as the Kafka message key, which keeps one aggregate's events in order.
 */
export function envelopeSchema<Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z
    .object({
      specversion: z.literal('1.0'),
      id: z.string().min(1).max(100),
      type: z.literal(type),
      source: z.string().min(1),
      time: z.iso.datetime({ offset: true }),
      subject: z.string().min(1),
      datacontenttype: z.literal('application/json'),
      traceparent: z.string().regex(TRACEPARENT_PATTERN).optional(),
      data,
    })
    .strict();
}

export interface EventEnvelope<Type extends string = string, Data = unknown> {
  specversion: '1.0';
  id: string;
  type: Type;
  source: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  traceparent?: string;
  data: Data;
}
