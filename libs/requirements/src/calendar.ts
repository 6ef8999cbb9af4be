/**
 * Calendar dates as day numbers (days since 1970-01-01 in the proleptic Gregorian calendar).
 *
 * The engine never uses `Date`: calendar dates have no time zone, and integer days are cheap to compare,
 * subtract and bucket by year. Conversions follow Howard Hinnant's `days_from_civil` / `civil_from_days`.
 */
export type DayNumber = number;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

export function dayFromParts(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function partsFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : NaN;
}

/** Parses `YYYY-MM-DD`; returns NaN for anything that is not a real calendar date. */
export function parseDay(text: string): DayNumber {
  if (typeof text !== 'string' || text.length !== 10 || text[4] !== '-' || text[7] !== '-') return NaN;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  if (!(month >= 1 && month <= 12) || !(day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return dayFromParts(year, month, day);
}

export function isCalendarDate(text: string): boolean {
  return !Number.isNaN(parseDay(text));
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

export function formatDay(dayNumber: DayNumber): string {
  const { year, month, day } = partsFromDay(dayNumber);
  // Results format many dates: years 1000-9999 (all real ones) skip the padding.
  const yyyy = year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0');
  return `${yyyy}-${twoDigits(month)}-${twoDigits(day)}`;
}

export function yearOfDay(dayNumber: DayNumber): number {
  return partsFromDay(dayNumber).year;
}

export function firstDayOfYear(year: number): DayNumber {
  return dayFromParts(year, 1, 1);
}

/**
 * Adds whole months. A date on the last day of its month stays on the last day (2024-02-29 + 12 months is
 * 2025-02-28, 2026-02-28 - 24 months is 2024-02-29), so windows anchored to a month end stay month-aligned;
 * other days are clamped to the target month's length.
 */
export function addMonths(dayNumber: DayNumber, months: number): DayNumber {
  const { year, month, day } = partsFromDay(dayNumber);
  const total = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = total - targetYear * 12 + 1;
  const targetLength = daysInMonth(targetYear, targetMonth);
  const wasLastDay = day === daysInMonth(year, month);
  return dayFromParts(targetYear, targetMonth, wasLastDay ? targetLength : Math.min(day, targetLength));
}

/** Whole calendar months from `from` to `to`, ignoring the day of month (may be negative). */
export function monthsBetween(from: DayNumber, to: DayNumber): number {
  const a = partsFromDay(from);
  const b = partsFromDay(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (`YYYY-MM-DD`) an instant falls on in an IANA time zone: how a service turns a completion
 * timestamp into the date the engine takes (`2026-01-01T05:30:00Z` in America/Chicago is 2025-12-31). Throws a
 * RangeError for an unknown zone or an unparseable instant.
 */
export function calendarDateIn(timeZone: string, instant: string | Date): string {
  const time = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(time.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(time);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return formatDay(dayFromParts(part('year'), part('month'), part('day')));
}
