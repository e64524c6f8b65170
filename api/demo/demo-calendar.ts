import { addDays, businessDay, daysBetween } from '../domain/business-day';

/** The day the demo data set was written for: its year of deliveries runs up to the day before. */
export const DEMO_AUTHORED_DAY = '2026-11-25';

/**
 * The demo's dates as of the day it is loaded: every date it was written with moves by the days between
 * DEMO_AUTHORED_DAY and today, so its last year of deliveries always ends yesterday, the week still in
 * transit lies ahead, and contract ends, tenures and interactions keep their distance from today. The
 * content is the same on every machine that loads it on the same day.
 */
export interface DemoCalendar {
  /** the business day the demo is loaded on */
  today: string;
  /** days between the authored day and today */
  shift: number;
  /** a 'YYYY-MM-DD' of the authored demo, moved to today's */
  day(authored: string): string;
}

export function demoCalendar(today: string): DemoCalendar {
  const shift = daysBetween(DEMO_AUTHORED_DAY, today);
  return { today, shift, day: (authored) => addDays(authored, shift) };
}

export const demoCalendarNow = (timeZone: string, now = new Date()) => demoCalendar(businessDay(now, timeZone));
