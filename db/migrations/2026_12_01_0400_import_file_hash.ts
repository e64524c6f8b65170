import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * The SHA-256 of an imported file's bytes: a row met again in a later import of the very same file, whose
 * tracking number that file repeats further down, is the superseded earlier row, not a change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table import_jobs add column file_sha256 text']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table import_jobs drop column file_sha256']);
}
