import { createReadStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../../db/database';
import type { AppDeps, Actor } from '../context';
import { assertRole } from '../auth/scope';
import { notFound } from '../errors';
import { pageMeta } from '../openapi';
import { neutralizeCell, toCsv } from '../csv';
import type { SpooledUpload } from '../import/upload';
import { countImportJobs, countRowErrors, findImportJob, insertImportJob, listImportJobs, listRowErrors } from '../queries/import-jobs';
import { recordAudit } from './audit';
import { runDeliveryImport, toImportJob } from './delivery-import-service';

const IMPORT_ROLES = ['admin', 'operations'] as const;

export const assertMayImport = (actor: Actor) => assertRole(actor, ...IMPORT_ROLES);

const running = new Set<Promise<unknown>>();

/** Resolves when every import started by this process has finished (tests, graceful shutdown). */
export async function settleImports(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

/** Creates the job for an uploaded file and runs the import in the background; answers with the queued job. */
export async function startDeliveryImport(deps: AppDeps, actor: Actor, upload: SpooledUpload) {
  assertMayImport(actor);
  let job: Awaited<ReturnType<typeof insertImportJob>>;
  try {
    job = await deps.handle.db.transaction().execute(async (trx) => {
      const created = await insertImportJob(trx, { fileName: upload.fileName, bytesTotal: upload.bytes, createdBy: actor.userId, fileSha256: upload.sha256 });
      await recordAudit(trx, actor, 'create', 'import_job', created.id, { after: { fileName: upload.fileName, bytesTotal: upload.bytes } });
      return created;
    });
  } catch (err) {
    await upload.discard(); // no job will read it (e.g. the database is down: the request answers 503)
    throw err;
  }
  const task = runDeliveryImport(deps.handle, deps.config, createReadStream(upload.path), {
    jobId: job.id, fileName: upload.fileName, bytesTotal: upload.bytes, createdBy: actor.userId, fileSha256: upload.sha256,
    logger: deps.logger,
  })
    .catch((err) => deps.logger.error('delivery import could not finish its job', { jobId: job.id, error: String(err) }))
    .finally(() => upload.discard());
  running.add(task);
  void task.finally(() => running.delete(task));
  return toImportJob(job);
}

export async function listImportsFor(db: DB, actor: Actor, page: { page: number; pageSize: number }) {
  assertMayImport(actor);
  const [rows, total] = await Promise.all([
    listImportJobs(db, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    countImportJobs(db),
  ]);
  return { items: rows.map(toImportJob), meta: pageMeta(page.page, page.pageSize, total) };
}

async function jobOr404(db: DB, actor: Actor, id: number) {
  assertMayImport(actor);
  const job = await findImportJob(db, id);
  if (!job) throw notFound('Import job');
  return job;
}

export async function getImport(db: DB, actor: Actor, id: number) {
  return toImportJob(await jobOr404(db, actor, id));
}

const toRowError = (e: Awaited<ReturnType<typeof listRowErrors>>[number]) => ({
  line: e.line, column: e.column_name, value: e.value, message: e.message,
});

export async function listImportErrors(db: DB, actor: Actor, id: number, page: { page: number; pageSize: number }) {
  await jobOr404(db, actor, id);
  const [rows, total] = await Promise.all([
    listRowErrors(db, id, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    countRowErrors(db, id),
  ]);
  return { items: rows.map(toRowError), meta: pageMeta(page.page, page.pageSize, total) };
}

const ERROR_COLUMNS = [
  { header: 'line', value: (e: ReturnType<typeof toRowError>) => e.line },
  { header: 'column', value: (e: ReturnType<typeof toRowError>) => e.column },
  { header: 'value', value: (e: ReturnType<typeof toRowError>) => e.value },
  { header: 'message', value: (e: ReturnType<typeof toRowError>) => e.message },
];

/** The job's row errors as CSV chunks (BOM and header first), read page by page so a long list is never held whole. */
export async function importErrorsCsv(db: DB, actor: Actor, id: number): Promise<{ fileName: string; chunks: AsyncIterable<string> }> {
  const job = await jobOr404(db, actor, id);
  async function* chunks() {
    const size = 5000;
    for (let offset = 0; ; offset += size) {
      const rows = (await listRowErrors(db, id, { limit: size, offset })).map(toRowError);
      if (offset === 0) yield toCsv(rows, ERROR_COLUMNS);
      else if (rows.length) yield stringify(rows.map((r) => ERROR_COLUMNS.map((c) => neutralizeCell(c.value(r)))));
      if (rows.length < size) return;
    }
  }
  return { fileName: `import-${job.id}-errors.csv`, chunks: chunks() };
}
