import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';

export type TestBackend = 'postgres' | 'pglite';

export const testBackend = (): TestBackend => (process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite');

export function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let pgliteWorkerHandle: Promise<DatabaseHandle> | undefined;

/**
 * Starting PGlite costs seconds, so each test worker keeps one instance (the API projects run with
 * isolate: false) and every test file starts from emptied tables instead of a new instance.
 */
async function sharedPglite(): Promise<DatabaseHandle> {
  pgliteWorkerHandle ??= (async () => {
    const template = inject('pgliteTemplate');
    if (template) return openDatabase({ loadDataDir: new Blob([await readFile(template)]) });
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    return handle;
  })();
  const handle = await pgliteWorkerHandle;
  const tables = await sql<{ name: string }>`
    select quote_ident(tablename) as name from pg_tables
    where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(handle.db);
  if (tables.rows.length) {
    await sql.raw(`truncate ${tables.rows.map((t) => t.name).join(', ')} restart identity cascade`).execute(handle.db);
  }
  return { ...handle, close: async () => {} };
}

/**
 * A fresh, migrated database for one test file: on PostgreSQL a copy of the migrated template
 * made by the global setup; on PGlite a new in-memory instance.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  if (testBackend() === 'pglite') {
    return sharedPglite();
  }
  const template = inject('pgTemplate');
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database ${name} template ${template}`);
      break;
    } catch (err) {
      // two files copying the template at the same moment: wait and retry
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = serverUrl(name);
  const handle = await openDatabase({ url, poolSize: 5 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteTemplate: string;
  }
}
