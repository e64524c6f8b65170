import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { RowError } from '../domain/delivery-row';

export const insertImportJob = (db: Executor, job: { fileName: string | null; bytesTotal: number | null; createdBy: number | null; fileSha256?: string | null }) =>
  db.insertInto('import_jobs').values({
    kind: 'deliveries', status: 'queued', file_name: job.fileName, bytes_total: job.bytesTotal, created_by: job.createdBy,
    file_sha256: job.fileSha256 ?? null, warnings: '[]',
  }).returningAll().executeTakeFirstOrThrow();

export const findImportJob = (db: Executor, id: number) =>
  db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();

export const listImportJobs = (db: Executor, page: { limit: number; offset: number }) =>
  db.selectFrom('import_jobs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc')
    .limit(page.limit).offset(page.offset).execute();

export const countImportJobs = async (db: Executor) =>
  Number((await db.selectFrom('import_jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Marks the job running with the header's warnings: the first `keep` of them stored, all of them counted. */
export const markJobRunning = (db: Executor, id: number, warnings: string[], keep: number) =>
  db.updateTable('import_jobs').set({
    status: 'running', started_at: sql<Date>`coalesce(started_at, now())`,
    warnings: JSON.stringify(warnings.slice(0, keep)), warnings_total: warnings.length,
  }).where('id', '=', id).execute();

/** How many row errors the job has stored so far. */
export const rowErrorsKept = async (db: Executor, id: number) =>
  (await db.selectFrom('import_jobs').select('row_errors_kept').where('id', '=', id).executeTakeFirstOrThrow()).row_errors_kept;

export interface BatchProgress {
  bytesRead: number;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** row errors the batch found, and how many of them it stored */
  rowErrorsFound: number;
  rowErrorsKept: number;
}

/** Adds one committed batch's counts to the job (in the batch's own transaction). */
export const addJobProgress = (db: Executor, id: number, p: BatchProgress) =>
  db.updateTable('import_jobs').set((eb) => ({
    bytes_read: p.bytesRead,
    rows_processed: eb('rows_processed', '+', p.rows),
    inserted: eb('inserted', '+', p.inserted),
    updated: eb('updated', '+', p.updated),
    unchanged: eb('unchanged', '+', p.unchanged),
    rejected: eb('rejected', '+', p.rejected),
    row_errors_total: eb('row_errors_total', '+', p.rowErrorsFound),
    row_errors_kept: eb('row_errors_kept', '+', p.rowErrorsKept),
  })).where('id', '=', id).execute();

export const finishImportJob = (db: Executor, id: number, outcome: { status: 'succeeded' | 'failed'; error: string | null; bytesRead: number }) =>
  db.updateTable('import_jobs').set({
    status: outcome.status, error_message: outcome.error, bytes_read: outcome.bytesRead,
    started_at: sql<Date>`coalesce(started_at, now())`, finished_at: sql<Date>`now()`,
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** A rejected row's text as a text column can hold it: a NUL byte shown as \0. */
const storable = (text: string) => (text.includes('\u0000') ? text.replace(/\u0000/g, '\\0') : text);

export async function insertRowErrors(db: Executor, jobId: number, errors: readonly RowError[]): Promise<void> {
  for (let i = 0; i < errors.length; i += 1000) {
    await db.insertInto('import_row_errors').values(errors.slice(i, i + 1000).map((e) => ({
      shipper_id: 0, job_id: jobId, line: e.line, column_name: e.column, value: e.value === null ? null : storable(e.value).slice(0, 500), message: storable(e.message),
    }))).execute();
  }
}

export const listRowErrors = (db: Executor, jobId: number, page: { limit: number; offset: number }) =>
  db.selectFrom('import_row_errors').select(['line', 'column_name', 'value', 'message'])
    .where('job_id', '=', jobId).orderBy('line').orderBy('column_name').orderBy('message')
    .limit(page.limit).offset(page.offset).execute();

export const countRowErrors = async (db: Executor, jobId: number) =>
  Number((await db.selectFrom('import_row_errors').select((eb) => eb.fn.countAll().as('n')).where('job_id', '=', jobId).executeTakeFirstOrThrow()).n);

export const INTERRUPTED_MESSAGE = 'Interrupted: the server stopped during this import. Its finished batches are kept; import the same file again to complete it.';

/** Marks the job as run by `runner` and moves its heartbeat on (at its start, then every few seconds while it runs). */
export const beatImportJob = (db: Executor, id: number, runner: string) =>
  db.updateTable('import_jobs').set({ heartbeat_at: sql<Date>`now()`, runner })
    .where('id', '=', id).where('status', 'in', ['queued', 'running']).execute();

/**
 * Jobs queued or running whose process is gone — their heartbeat (or, before the first, their creation) is
 * older than `staleSeconds`, or `isGone` says their runner died — were cut off by a stop or a crash: they are
 * marked failed. Their committed batches stay, and running the same file again completes the rest.
 */
export async function failInterruptedImportJobs(db: Executor, staleSeconds: number, isGone: (runner: string) => boolean = () => false) {
  const unfinished = await db.selectFrom('import_jobs')
    .select(['id', 'runner', sql<boolean>`coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ${staleSeconds})`.as('stale')])
    .where('status', 'in', ['queued', 'running']).execute();
  const ids = unfinished.filter((j) => j.stale || (j.runner !== null && isGone(j.runner))).map((j) => j.id);
  if (!ids.length) return [];
  return db.updateTable('import_jobs')
    .set({ status: 'failed', finished_at: new Date(), error_message: INTERRUPTED_MESSAGE })
    .where('id', 'in', ids).where('status', 'in', ['queued', 'running'])
    .returning('id')
    .execute();
}
