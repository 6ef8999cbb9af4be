import fc from 'fast-check';

import {
  addMonths,
  calendarDateIn,
  dayFromParts,
  formatDay,
  monthsBetween,
  parseDay,
  partsFromDay,
} from './calendar';

describe('calendar day numbers', () => {
  it('matches the epoch and known dates', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('2000-03-01')).toBe(11017);
    expect(formatDay(parseDay('2024-02-29'))).toBe('2024-02-29');
  });

  it('rejects malformed and impossible dates', () => {
    for (const text of [
      '2025-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-01',
      '20240101',
      '2024-04-31',
      '2026-10-01T00:00:00Z',
      '',
    ]) {
      expect(parseDay(text)).toBeNaN();
    }
  });

  it('round-trips every day between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayFromParts(1900, 1, 1), max: dayFromParts(2200, 12, 31) }), (day) => {
        const { year, month, day: d } = partsFromDay(day);
        expect(dayFromParts(year, month, d)).toBe(day);
        expect(parseDay(formatDay(day))).toBe(day);
      }),
    );
  });

  it('adds months keeping month ends at month ends', () => {
    expect(formatDay(addMonths(parseDay('2026-02-28'), -24))).toBe('2024-02-29');
    expect(formatDay(addMonths(parseDay('2024-02-29'), 12))).toBe('2025-02-28');
    expect(formatDay(addMonths(parseDay('2026-01-31'), 1))).toBe('2026-02-28');
    expect(formatDay(addMonths(parseDay('2026-01-15'), -25))).toBe('2023-12-15');
    expect(monthsBetween(parseDay('2023-12-15'), parseDay('2026-01-01'))).toBe(25);
  });

  it('reads an instant as the calendar date of a time zone', () => {
    expect(calendarDateIn('Pacific/Honolulu', '2026-03-01T09:59:59Z')).toBe('2026-02-28');
    expect(calendarDateIn('Asia/Tokyo', new Date('2026-02-28T15:00:00Z'))).toBe('2026-03-01');
    expect(() => calendarDateIn('Mars/Olympus', '2026-03-01T00:00:00Z')).toThrow(RangeError);
    expect(() => calendarDateIn('UTC', 'yesterday')).toThrow(/not an instant/);
  });
});
