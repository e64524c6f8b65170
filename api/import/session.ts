import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../../db/connection';
import type { Database } from '../../db/database';

/**
 * One database connection held for a whole import: the temporary staging table lives in its session,
 * and each batch's COPY and set-based statements run on it inside one transaction.
 */
export interface ImportSession {
  db: Kysely<Database>;
  /** runs `copy <target> from stdin|'/dev/blob' with (format binary)` with a binary COPY payload, on the session's connection */
  copyBinary(target: string, payload: Buffer): Promise<void>;
  release(): Promise<void>;
}

export async function openImportSession(handle: DatabaseHandle): Promise<ImportSession> {
  if (handle.pool) return postgresSession(handle.pool);
  if (handle.pglite) {
    const pglite = handle.pglite;
    return {
      db: handle.db,
      // PGlite has one session: Kysely's transaction on handle.db is the transaction this COPY joins
      copyBinary: async (target, payload) => {
        await pglite.query(`copy ${target} from '/dev/blob' with (format binary)`, [], { blob: new Blob([payload as Uint8Array<ArrayBuffer>]) });
      },
      release: async () => {},
    };
  }
  throw new Error('The database handle has neither a pool nor an embedded instance.');
}

async function postgresSession(pool: pg.Pool): Promise<ImportSession> {
  const client = await pool.connect();
  // Kysely over this one client: its "pool" always hands out the same connection and never releases it
  const pinned = { query: client.query.bind(client), release: () => {} };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => pinned, end: async () => {} } as unknown as pg.Pool }),
  });
  let broken = false;
  return {
    db,
    copyBinary: async (target, payload) => {
      try {
        await pipeline(Readable.from([payload]), client.query(copyFrom(`copy ${target} from stdin with (format binary)`)));
      } catch (err) {
        // a server error (it has a SQLSTATE) leaves the connection usable; anything else may not
        if (!(err as { code?: string }).code) broken = true;
        throw err;
      }
    },
    release: async () => {
      await db.destroy();
      client.release(broken ? new Error('import session ended after a failed COPY') : undefined);
    },
  };
}
