/**
 * The dates Certamen takes in: a day (`YYYY-MM-DD`) or an instant (RFC 3339 date-time with an offset). Every
 * one must be a real calendar date whose UTC instant lies in the years 0001 to 9999: what PostgreSQL reads
 * back from an ISO string (it refuses year 0000 and six-digit years), what XML Schema's dateTime in a signed
 * credential allows, and what people can read on a certificate. One rule for every field and every path in.
 */

/** The earliest instant stored: the first moment of 0001-01-01 UTC. */
export const EARLIEST_INSTANT = new Date('0001-01-01T00:00:00.000Z');
/** The latest instant stored: the last millisecond of 9999-12-31 UTC. */
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');

/** How a refused date is explained, after the field's name. */
export const CALENDAR_RANGE_MESSAGE = 'must be a real date between 0001-01-01 and 9999-12-31 (UTC)';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const isRealDay = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/** Whether an instant lies between EARLIEST_INSTANT and LATEST_INSTANT (an invalid Date does not). */
export function isWithinCalendar(instant: Date): boolean {
  const ms = instant.getTime();
  return ms >= EARLIEST_INSTANT.getTime() && ms <= LATEST_INSTANT.getTime();
}

/** Midnight UTC of a `YYYY-MM-DD` day in years 0001–9999, or null when the text is not such a day. */
export function parseDay(text: string): Date | null {
  const parts = DAY.exec(text);
  if (!parts) return null;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (year < 1 || !isRealDay(year, month, day)) return null;
  return new Date(`${text}T00:00:00.000Z`);
}

/**
 * The instant an RFC 3339 date-time names (offset required, fractions of a second allowed), or null when it
 * is not a real one or its UTC instant falls outside years 0001–9999 ("9999-12-31T23:59:59-23:59" is in year
 * 10000 in UTC). A leap second (":60") is refused: neither JavaScript nor PostgreSQL can hold it.
 */
export function parseInstant(text: string): Date | null {
  const parts = INSTANT.exec(text);
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const offsetHours = parts[10] === undefined ? 0 : Number(parts[10]);
  const offsetMinutes = parts[11] === undefined ? 0 : Number(parts[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const millis = Math.floor(Number(`0${parts[7] ?? ''}`) * 1000);
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  const sign = parts[9] === '-' ? -1 : 1;
  const instant = new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  return isWithinCalendar(instant) ? instant : null;
}

/** Midnight UTC of a `YYYY-MM-DD` day already checked (by parseDay or the request schema). */
export function utcDayStart(day: string): Date {
  const start = parseDay(day);
  if (!start) throw new RangeError(`${day} is not a day between 0001-01-01 and 9999-12-31`);
  return start;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A UTC day as people write it, whatever the process locale: `2 December 2028` (certificates, e-mails). */
export function dayInWords(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('not a valid date');
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

/** An instant as people write it, in UTC: `20 December 2026 at 10:00 UTC` (when a link stops working). */
export function instantInWords(at: Date): string {
  const time = at.toISOString().slice(11, 16);
  return `${dayInWords(at)} at ${time} UTC`;
}
