/**
 * Timestamps as operations staff write them: ISO 8601 (with or without an offset), `YYYY-MM-DD HH:mm[:ss]`
 * or `YYYY/MM/DD HH:mm[:ss]`. Without an offset the wall-clock time is read in the business time zone;
 * the zone's offset comes from Intl (the runtime's tz database), never from hand-written rules.
 */
const TIMESTAMP =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

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

/** The instant of a wall-clock time in a zone: in a DST gap it moves forward, in an overlap it takes the earlier. */
export function zonedWallTimeToEpoch(timeZone: string, wallAsUtcMs: number): number {
  const hourStart = wallAsUtcMs - (((wallAsUtcMs % 3_600_000) + 3_600_000) % 3_600_000);
  const hourKey = `${timeZone}|${hourStart}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return wallAsUtcMs - cached * 60_000;
  const o1 = zoneOffsetMinutes(timeZone, wallAsUtcMs);
  const t1 = wallAsUtcMs - o1 * 60_000;
  const o2 = zoneOffsetMinutes(timeZone, t1);
  if (o1 === o2) {
    // an hour whose offset holds from its first to its last millisecond is safe to remember
    const steady = zoneOffsetMinutes(timeZone, hourStart - o1 * 60_000) === o1
      && zoneOffsetMinutes(timeZone, hourStart + 3_599_999 - o1 * 60_000) === o1;
    if (steady) {
      if (offsetCache.size > 100_000) offsetCache.clear();
      offsetCache.set(hourKey, o1);
    }
    return t1;
  }
  const t2 = wallAsUtcMs - o2 * 60_000;
  if (zoneOffsetMinutes(timeZone, t2) === o2) return t2;
  return Math.max(t1, t2);
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export type TimestampResult = { ok: true; epochMs: number } | { ok: false; message: string };

export const TIMESTAMP_FORMATS = 'ISO 8601 (2026-03-05T14:30:00+08:00), "YYYY-MM-DD HH:mm[:ss]" or "YYYY/MM/DD HH:mm"';

export function parseBusinessTimestamp(text: string, timeZone: string): TimestampResult {
  const m = TIMESTAMP.exec(text);
  if (!m) return { ok: false, message: `is not a timestamp; use ${TIMESTAMP_FORMATS}` };
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const hour = Number(m[5]);
  const minute = Number(m[6]);
  const second = m[7] ? Number(m[7]) : 0;
  const millis = m[8] ? Math.floor(Number(`0.${m[8]}`) * 1000) : 0;
  if (year < 1970 || year > 2200) return { ok: false, message: 'has a year outside 1970–2200' };
  if (month < 1 || month > 12) return { ok: false, message: `has month ${month}; months run 1–12` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, message: `has day ${day}, but ${year}-${String(month).padStart(2, '0')} has ${daysInMonth(year, month)} days` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, message: 'has a time of day outside 00:00:00–23:59:59' };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const zone = m[9];
  if (!zone) return { ok: true, epochMs: zonedWallTimeToEpoch(timeZone, wall) };
  if (zone === 'Z' || zone === 'z') return { ok: true, epochMs: wall };
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (offsetHours > 18 || offsetMinutes > 59) return { ok: false, message: `has an invalid UTC offset ${zone}` };
  return { ok: true, epochMs: wall - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}
