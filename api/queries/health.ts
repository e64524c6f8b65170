import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** The cheapest round trip to the database. */
export const ping = (db: Executor) => sql`select 1`.execute(db);
