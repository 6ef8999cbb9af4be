import { createEvent, EventContractError, validateEvent } from './event-catalog';
import { CourseEventTypes, type CourseSnapshot } from './events/course-events';
import { topicOf } from './event-catalog';
import { Topics } from './topics';

const course: CourseSnapshot = {
  id: 'c-1',
  version: 1,
  status: 'published',
  title: 'Safe opioid prescribing',
  provider: { name: 'Pain Society', accreditor: 'ACCME' },
  format: 'live',
  topics: ['opioid-prescribing'],
  credits: [{ type: 'AMA_PRA_1', amount: 8 }],
  professions: ['physician'],
  updatedAt: '2026-11-01T10:00:00.000Z',
};

describe('event contracts', () => {
  it('builds a CloudEvents-style envelope keyed by the aggregate id', () => {
    const event = createEvent({
      id: 'e-1',
      type: CourseEventTypes.published,
      source: 'catalog',
      subject: 'c-1',
      time: new Date('2026-11-01T10:00:00Z'),
      data: course,
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'e-1',
      type: 'cme.catalog.course.published.v1',
      source: 'catalog',
      time: '2026-11-01T10:00:00.000Z',
      subject: 'c-1',
      datacontenttype: 'application/json',
      data: course,
    });
    expect(topicOf(event.type)).toBe(Topics.courses);
  });

  it('names every field that breaks the contract', () => {
    const broken = { ...course, credits: [], extra: true };
    expect(() =>
      createEvent({
        id: 'e-2',
        type: CourseEventTypes.published,
        source: 'catalog',
        subject: 'c-1',
        time: new Date(),
        data: broken,
      }),
    ).toThrow(/data\.credits .*; data (Unrecognized key|.*extra)/);
  });

  it('rejects unknown event types and malformed trace context', () => {
    expect(() => validateEvent({ type: 'cme.unknown.v1' })).toThrow(EventContractError);
    expect(() => validateEvent(null)).toThrow('unknown event type undefined');
    expect(() =>
      createEvent({
        id: 'e-3',
        type: CourseEventTypes.published,
        source: 'catalog',
        subject: 'c-1',
        time: new Date(),
        data: course,
        traceparent: 'not-a-trace',
      }),
    ).toThrow(/traceparent/);
  });
});
