import type { DatabaseHandle } from '../../db/connection';
import type { Config } from '../config';
import { seedStaff, DEMO_STAFF, DEMO_PASSWORD } from './users';
import { seedAccounts, DEMO_CLIENT_LOGINS } from './accounts';
import { seedSurveys } from './surveys';
import { markDemoDepartures, seedDeliveries } from './deliveries';
import { demoCalendarNow } from './demo-calendar';

export interface SeedContext {
  handle: DatabaseHandle;
  config: Config;
  log: (message: string) => void;
}

export interface DemoLogin { email: string; password: string; role: string; note?: string }

/**
 * Loads the deterministic demo data set into an empty database, dated as of today (demo-calendar.ts). Each
 * area adds its own step; deliveries go through the real import pipeline.
 */
export async function seedDemo(ctx: SeedContext): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = DEMO_STAFF.map((s) => ({ email: s.email, password: DEMO_PASSWORD, role: s.role }));
  const calendar = demoCalendarNow(ctx.config.businessTimeZone);
  ctx.log('demo: staff users');
  const staffIds = await seedStaff(ctx.handle.db);
  ctx.log('demo: accounts (companies, pairs, departments, contacts, interactions, contracts)');
  await seedAccounts(ctx.handle.db, staffIds, calendar);
  logins.push(...DEMO_CLIENT_LOGINS.map((c) => ({ email: c.email, password: DEMO_PASSWORD, role: 'client', note: `${c.company} (${c.role})` })));
  ctx.log('demo: the book\'s departures');
  const book = await markDemoDepartures(ctx.handle.db, ctx.config, calendar);
  ctx.log('demo: survey responses');
  await seedSurveys(ctx.handle.db);
  ctx.log('demo: deliveries (about a year, through the import pipeline)');
  await seedDeliveries(ctx.handle, ctx.config, calendar, ctx.log, book);
  return logins;
}

export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const row = await handle.db.selectFrom('companies').select('id').limit(1).executeTakeFirst();
  return !row;
}
