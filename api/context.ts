import type { Config } from './config';
import type { DB } from '../db/database';
import type { DatabaseHandle } from '../db/connection';
import type { Actor } from './auth/actor';
import type { Logger } from './logger';
import type { SignInThrottle } from './auth/sign-in-throttle';
import type { ReportCache } from './cache/report-cache';
import type { ReadRoute } from './read-replica';

export type { Actor };

export interface AppDeps {
  handle: DatabaseHandle;
  config: Config;
  logger: Logger;
  /** sign-in failures per account and address, counted in the database */
  signInThrottle: SignInThrottle;
  /** report answers until the database reports a change (off until a change feed is attached) */
  reportCache: ReportCache;
  /** the read-only reports: on the replica (DATABASE_READ_URL) when it is in use, else on the primary */
  readRoute: ReadRoute;
}

export type AppEnv = {
  Variables: {
    db: DB;
    deps: AppDeps;
    actor: Actor | null;
    requestId: string;
  };
};
