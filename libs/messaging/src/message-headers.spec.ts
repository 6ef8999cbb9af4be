import { type DomainEvent } from '@cme/contracts';
import { TRACEPARENT_PATTERN } from '@cme/contracts';

import { errorText, MessageHeaders, originHeaders, originOf, traceparentOf } from './message-headers';

describe('message headers', () => {
  it("names a message's own position as its origin, and keeps a retry's origin", () => {
    const first = originOf('cme.credits.ledger.v1', 3, '17');
    expect(first).toEqual({ topic: 'cme.credits.ledger.v1', partition: 3, offset: '17' });
    const retryHeaders = { ...originHeaders(first), [MessageHeaders.attempts]: Buffer.from('2') };
    expect(originOf('cme.retry.cme-notifications.v1', 0, '5', retryHeaders)).toEqual(first);
  });

  it("uses the event's trace context, or derives a stable one from its id", () => {
    const traced = { id: 'e-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    expect(traceparentOf(traced as DomainEvent)).toBe(traced.traceparent);
    const derived = traceparentOf({ id: 'e-2' } as DomainEvent);
    expect(derived).toMatch(TRACEPARENT_PATTERN);
    expect(traceparentOf({ id: 'e-2' } as DomainEvent)).toBe(derived);
  });

  it('bounds the error text carried in headers', () => {
    expect(errorText(new TypeError('boom'))).toBe('TypeError: boom');
    expect(errorText('x'.repeat(5000))).toHaveLength(1000);
  });
});
