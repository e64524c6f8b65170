import type { DatabaseHandle } from '../connection';
import type { Config } from '../../api/config';
import { seedStaff, DEMO_STAFF, DEMO_PASSWORD } from './users';
import { seedSurveys } from './surveys';

export interface SeedContext {
  handle: DatabaseHandle;
  config: Config;
  log: (message: string) => void;
}

export interface DemoLogin { email: string; password: string; role: string; note?: string }

/**
 * Loads the deterministic demo data set into an empty database. Each area adds its own step;
 * deliveries go through the real import pipeline.
 */
export async function seedDemo(ctx: SeedContext): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = DEMO_STAFF.map((s) => ({ email: s.email, password: DEMO_PASSWORD, role: s.role }));
  ctx.log('demo: staff users');
  await seedStaff(ctx.handle.db);
  ctx.log('demo: survey responses');
  await seedSurveys(ctx.handle.db);
  return logins;
}

export async function isEmpty(handle: DatabaseHandle): Promise<boolean> {
  const row = await handle.db.selectFrom('companies').select('id').limit(1).executeTakeFirst();
  return !row;
}
