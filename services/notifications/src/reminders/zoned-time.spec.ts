import { addDays, atLocalHour, isTimeZone, localDateOf } from './zoned-time';

describe('zoned time', () => {
  it('finds 09:00 on a date in the practitioner’s zone, in and out of daylight saving time', () => {
    expect(atLocalHour('2027-01-15', 9, 'America/Chicago').toISOString()).toBe('2027-01-15T15:00:00.000Z');
    expect(atLocalHour('2027-07-15', 9, 'America/Chicago').toISOString()).toBe('2027-07-15T14:00:00.000Z');
    expect(atLocalHour('2027-03-14', 9, 'America/Chicago').toISOString()).toBe('2027-03-14T14:00:00.000Z');
    expect(atLocalHour('2027-07-15', 9, 'Asia/Kolkata').toISOString()).toBe('2027-07-15T03:30:00.000Z');
    expect(atLocalHour('2027-07-15', 9, 'UTC').toISOString()).toBe('2027-07-15T09:00:00.000Z');
  });

  it('tells the local date of an instant and moves dates by calendar days', () => {
    expect(localDateOf(new Date('2027-01-15T03:00:00Z'), 'America/Chicago')).toBe('2027-01-14');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2028-03-31', -30)).toBe('2028-03-01');
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
