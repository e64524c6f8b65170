import type { Context } from 'hono';
import type { DB } from '../../db/database';
import type { Actor, AppEnv } from '../context';
import { actorOf } from '../middleware/authenticate';
import { reportKey } from './report-cache';

/**
 * A report endpoint's answer through the report cache: `compute` runs (with the caller and the business
 * time zone) unless an answer for the same kind, caller scope, day and input is kept; it runs on the read
 * replica when one is in use (ReadRoute).
 */
export function cachedReport<T>(
  c: Context<AppEnv>, kind: string, input: Record<string, unknown>,
  compute: (db: DB, actor: Actor, timeZone: string) => Promise<T>,
): Promise<T> {
  const { config, reportCache, readRoute } = c.get('deps');
  const actor = actorOf(c);
  return reportCache.get(reportKey(kind, actor, input, config.businessTimeZone),
    () => readRoute.read((db) => compute(db, actor, config.businessTimeZone)));
}

/** A report as its JSON body, serialised once per kept answer. */
export function reportJson(c: Context<AppEnv>, report: object) {
  return c.body(c.get('deps').reportCache.json(report), 200, { 'content-type': 'application/json' });
}
