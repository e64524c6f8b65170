/**
 * Timestamps as operations staff write them: ISO 8601 (with or without an offset), `YYYY-MM-DD HH:mm[:ss]`
 * or `YYYY/MM/DD HH:mm[:ss]`. Without an offset the wall-clock time is read in the business time zone;
 * the zone's offset comes from Intl (the runtime's tz database), never from hand-written rules.
 */
const TIMESTAMP =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const HOUR = 3_600_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    offsetFormatters.set(timeZone, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at an instant. */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** Per zone: offsets of wall-clock hours whose offset holds from their first to their last millisecond. */
const steadyHours = new Map<string, Map<number, number>>();

/** The instant of a wall-clock time in a zone: in a DST gap it moves forward, in an overlap it takes the earlier. */
export function zonedWallTimeToEpoch(timeZone: string, wallAsUtcMs: number): number {
  let cache = steadyHours.get(timeZone);
  if (!cache) steadyHours.set(timeZone, (cache = new Map()));
  const hourStart = wallAsUtcMs - (((wallAsUtcMs % HOUR) + HOUR) % HOUR);
  const cached = cache.get(hourStart);
  if (cached !== undefined) return wallAsUtcMs - cached * 60_000;
  const o1 = zoneOffsetMinutes(timeZone, wallAsUtcMs);
  const t1 = wallAsUtcMs - o1 * 60_000;
  const o2 = zoneOffsetMinutes(timeZone, t1);
  if (o1 === o2) {
    const steady = zoneOffsetMinutes(timeZone, hourStart - o1 * 60_000) === o1
      && zoneOffsetMinutes(timeZone, hourStart + HOUR - 1 - o1 * 60_000) === o1;
    if (steady) {
      if (cache.size > 200_000) cache.clear();
      cache.set(hourStart, o1);
    }
    return t1;
  }
  const t2 = wallAsUtcMs - o2 * 60_000;
  if (zoneOffsetMinutes(timeZone, t2) === o2) return t2;
  return Math.max(t1, t2);
}

/** Per zone: the offset of each UTC hour that has one offset throughout. */
const steadyUtcHours = new Map<string, Map<number, number>>();
const dayNames = new Map<number, string>();

/** The business day ('YYYY-MM-DD') an instant falls on in the zone, its offset cached per hour (businessDay() wraps it). */
export function businessDayOfEpoch(epochMs: number, timeZone: string): string {
  let cache = steadyUtcHours.get(timeZone);
  if (!cache) steadyUtcHours.set(timeZone, (cache = new Map()));
  else if (cache.size > 200_000) cache.clear();
  const hour = Math.floor(epochMs / HOUR);
  let offset = cache.get(hour);
  if (offset === undefined) {
    offset = zoneOffsetMinutes(timeZone, hour * HOUR);
    if (zoneOffsetMinutes(timeZone, hour * HOUR + HOUR - 1) === offset) cache.set(hour, offset);
    else offset = zoneOffsetMinutes(timeZone, epochMs);
  }
  const dayNumber = Math.floor((epochMs + offset * 60_000) / 86_400_000);
  let name = dayNames.get(dayNumber);
  if (name === undefined) {
    name = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
    if (dayNames.size > 100_000) dayNames.clear();
    dayNames.set(dayNumber, name);
  }
  return name;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number) => (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]);

export type TimestampResult = { ok: true; epochMs: number } | { ok: false; message: string };

export const TIMESTAMP_FORMATS = 'ISO 8601 (2026-03-05T14:30:00+08:00), "YYYY-MM-DD HH:mm[:ss]" or "YYYY/MM/DD HH:mm"';

const digit = (text: string, i: number) => text.charCodeAt(i) - 48;
const isDigit = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * `YYYY-MM-DD HH:mm[:ss]` (or with `/` or `T`) without an offset, read without a regular expression: the
 * shape of nearly every row of an export. Anything else returns undefined and takes the general path.
 */
function parseCommonShape(text: string): [number, number, number, number, number, number] | undefined {
  const n = text.length;
  if (n !== 16 && n !== 19) return undefined;
  const sep = text.charCodeAt(4);
  if ((sep !== 45 && sep !== 47) || text.charCodeAt(7) !== sep) return undefined;
  const t = text.charCodeAt(10);
  if ((t !== 32 && t !== 84) || text.charCodeAt(13) !== 58) return undefined;
  if (n === 19 && text.charCodeAt(16) !== 58) return undefined;
  const positions = n === 19 ? [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] : [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15];
  for (const p of positions) if (!isDigit(text, p)) return undefined;
  return [
    digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3),
    digit(text, 5) * 10 + digit(text, 6),
    digit(text, 8) * 10 + digit(text, 9),
    digit(text, 11) * 10 + digit(text, 12),
    digit(text, 14) * 10 + digit(text, 15),
    n === 19 ? digit(text, 17) * 10 + digit(text, 18) : 0,
  ];
}

function checkedWall(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number):
  { ok: true; wall: number } | { ok: false; message: string } {
  if (year < 1970 || year > 2200) return { ok: false, message: 'has a year outside 1970–2200' };
  if (month < 1 || month > 12) return { ok: false, message: `has month ${month}; months run 1–12` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, message: `has day ${day}, but ${year}-${String(month).padStart(2, '0')} has ${daysInMonth(year, month)} days` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, message: 'has a time of day outside 00:00:00–23:59:59' };
  return { ok: true, wall: Date.UTC(year, month - 1, day, hour, minute, second, millis) };
}

export function parseBusinessTimestamp(text: string, timeZone: string): TimestampResult {
  const common = parseCommonShape(text);
  if (common) {
    const checked = checkedWall(common[0], common[1], common[2], common[3], common[4], common[5], 0);
    return checked.ok ? { ok: true, epochMs: zonedWallTimeToEpoch(timeZone, checked.wall) } : checked;
  }
  const m = TIMESTAMP.exec(text);
  if (!m) return { ok: false, message: `is not a timestamp; use ${TIMESTAMP_FORMATS}` };
  const millis = m[8] ? Math.floor(Number(`0.${m[8]}`) * 1000) : 0;
  const checked = checkedWall(Number(m[1]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), m[7] ? Number(m[7]) : 0, millis);
  if (!checked.ok) return checked;
  const zone = m[9];
  if (!zone) return { ok: true, epochMs: zonedWallTimeToEpoch(timeZone, checked.wall) };
  if (zone === 'Z' || zone === 'z') return { ok: true, epochMs: checked.wall };
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (offsetHours > 18 || offsetMinutes > 59) return { ok: false, message: `has an invalid UTC offset ${zone}` };
  return { ok: true, epochMs: checked.wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}
