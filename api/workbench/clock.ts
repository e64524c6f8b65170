import type { DB } from '../../db/database';
import { zoneOffsetMinutes } from '../domain/business-time';

/** The wall-clock hour (0–23) of an instant in the business time zone. */
export function businessHour(at: Date, timeZone: string): number {
  const local = at.getTime() + zoneOffsetMinutes(timeZone, at.getTime()) * 60_000;
  return new Date(local).getUTCHours();
}

/**
 * Claims the day's run of a piece of daily work (the nightly evaluation): true for the one caller — across
 * processes — that moves its last day forward to `day`; false when it already ran that day.
 */
export async function claimDailyRun(db: DB, name: string, day: string): Promise<boolean> {
  const row = await db.insertInto('workbench_runs').values({ name, last_day: day })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_day: day, last_at: new Date() }).where('workbench_runs.last_day', '<', day))
    .returning('name').executeTakeFirst();
  return !!row;
}
