import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './database';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** the pg pool, for COPY streams on a real server */
  pool?: pg.Pool;
  /** the embedded instance, for its own bulk paths */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /** postgres://… — when set, a pg pool against that server */
  url?: string;
  /** folder for the embedded PGlite data; undefined with no url = in memory */
  dataDir?: string;
  poolSize?: number;
  /** start the embedded database from a dump of another one's data folder (tests) */
  loadDataDir?: Blob;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const INT8_ARRAY = 1016;

// int8 and numeric arrive as strings from both drivers; the product works in JS numbers
// (counts and money stay far below 2^53), and dates stay 'YYYY-MM-DD' strings so no time zone shifts them.
const parseNumber = (value: string) => (value === null ? null : Number(value));
const parseInt8Array = (value: string) =>
  value.slice(1, -1).split(',').filter((v) => v !== '').map(Number);

pg.types.setTypeParser(INT8, parseNumber);
pg.types.setTypeParser(NUMERIC, parseNumber);
pg.types.setTypeParser(DATE, (value: string) => value);
pg.types.setTypeParser(INT8_ARRAY as never, parseInt8Array);

export async function openDatabase(options: ConnectionOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
    });
    // A server that goes away must not crash the process. pg-pool listens for a client's 'error' only while
    // the client is idle (and re-emits it here); a checked-out client (a request mid-transaction, an import
    // session between batches, a COPY) emits 'error' with nobody listening, which would kill the process.
    // Every client gets a listener of its own for its whole life: its query in flight fails with the same
    // error (a request answers 503) and the pool drops the client when it is released.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pool, close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // loaded only for the embedded database: a server-backed process does not carry it
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
  const pglite = new PGlite({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers: {
      [INT8]: parseNumber,
      [NUMERIC]: parseNumber,
      [DATE]: (value: string) => value,
      [INT8_ARRAY]: parseInt8Array,
    },
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}
