import { openDatabase, type DatabaseHandle } from '../db/connection';
import type { Config } from './config';

/** The configured database: PostgreSQL at DATABASE_URL, else the embedded PGlite in DATA_DIR. */
export function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
}
