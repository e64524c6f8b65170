import type { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../db/connection';
import type { Config } from '../config';
import { createLogger, type Logger } from '../logger';
import { runPipeline, ImportFileError, type ImportKept, type PipelineTotals } from '../import/pipeline';
import { getSetting } from './settings';
import { beatImportJob, findImportJob, finishImportJob, insertImportJob } from '../queries/import-jobs';
import { RUNNER_ID } from '../processes/runner';
import { runExclusive } from '../processes/run-once';
import { insertAudit } from '../queries/audit';
import { iso } from '../format';
import { retryWhileUnreachable } from '../../db/connection-errors';
import { runAfterImport } from './after-import';

type JobRow = NonNullable<Awaited<ReturnType<typeof findImportJob>>>;

export const toImportJob = (j: JobRow) => {
  const warnings = (typeof j.warnings === 'string' ? JSON.parse(j.warnings) : j.warnings) as string[];
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    fileName: j.file_name,
    bytesRead: j.bytes_read,
    bytesTotal: j.bytes_total,
    rowsProcessed: j.rows_processed,
    inserted: j.inserted,
    updated: j.updated,
    unchanged: j.unchanged,
    rejected: j.rejected,
    warnings,
    warningsTotal: j.warnings_total,
    rowErrorsTotal: j.row_errors_total,
    rowErrorsKept: j.row_errors_kept,
    capped: j.row_errors_total > j.row_errors_kept || j.warnings_total > warnings.length,
    error: j.error_message,
    durationMs: j.started_at ? (j.finished_at ?? new Date()).getTime() - j.started_at.getTime() : null,
    createdBy: j.created_by,
    createdAt: iso(j.created_at)!,
    startedAt: iso(j.started_at),
    finishedAt: iso(j.finished_at),
  };
};

export type ImportJob = ReturnType<typeof toImportJob>;

export interface DeliveryImportOptions {
  fileName: string | null;
  bytesTotal: number | null;
  createdBy: number | null;
  /** after each committed batch */
  onProgress?: (totals: PipelineTotals) => void;
  /** a job created beforehand (the API creates it when the upload arrives) */
  jobId?: number;
  /** rows per committed batch; default `config.importBatchSize` (IMPORT_BATCH_SIZE) */
  batchSize?: number;
  /** where the job's failure and a failing after-import step are logged; default a logger at `config.logLevel` */
  logger?: Logger;
  /** SHA-256 of the file's bytes, when known: a re-import of the same file then counts its repeated rows exactly */
  fileSha256?: string | null;
}

/** Setting 'import.kept': how many warnings and row errors a job stores (all are counted, and the job says when it kept fewer). */
export const DEFAULT_KEPT: ImportKept = { warnings: 100, rowErrors: 10_000 };

/**
 * Imports a delivery file as one job — shared by the API, the CLI and the demo seed. A bad file (no header,
 * missing required columns, broken CSV) fails the job with a message; bad rows are reported and skipped.
 * Returns the finished job; derived analytics are refreshed (runAfterImport) when it succeeded.
 */
export async function runDeliveryImport(handle: DatabaseHandle, config: Config, source: Readable, options: DeliveryImportOptions): Promise<ImportJob> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const jobId = options.jobId ?? (await insertImportJob(handle.db, options)).id;
  // the heartbeat tells the other processes this job's process is alive (api/processes/import-watch.ts)
  const beat = () => beatImportJob(handle.db, jobId, RUNNER_ID).catch(() => {});
  await beat();
  const heartbeat = setInterval(beat, config.imports.heartbeatSeconds * 1000);
  heartbeat.unref();
  let status: 'succeeded' | 'failed' = 'succeeded';
  let error: string | null = null;
  let bytesRead = 0;
  try {
    const keep = await getSetting(handle.db, 'import.kept', DEFAULT_KEPT);
    const totals = await runPipeline(handle, source, {
      keep,
      jobId,
      createdBy: options.createdBy,
      timeZone: config.businessTimeZone,
      batchSize: options.batchSize ?? config.importBatchSize,
      fileSha256: options.fileSha256 ?? null,
      maxBytes: config.maxUploadBytes,
      onBatch: (t) => {
        bytesRead = t.bytesRead;
        options.onProgress?.(t);
      },
    });
    bytesRead = totals.bytesRead;
  } catch (err) {
    status = 'failed';
    error = err instanceof ImportFileError ? err.message : `The import stopped: ${(err as Error).message}. Rows of committed batches are kept; import the same file again to complete it.`;
    source.destroy();
  } finally {
    clearInterval(heartbeat);
  }
  // an import cut off by a database outage is marked failed once the database is back, not left running
  const job = await retryWhileUnreachable(() => finishImportJob(handle.db, jobId, { status, error, bytesRead }));
  await retryWhileUnreachable(() => insertAudit(handle.db, {
    userId: options.createdBy, action: status === 'succeeded' ? 'complete' : 'fail', entity: 'import_job', entityId: jobId,
    after: { status, rowsProcessed: job.rows_processed, inserted: job.inserted, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected, error },
  }));
  if (status === 'failed') logger.warn('delivery import failed', { jobId, error });
  else {
    // the job succeeded and stays so: a failing step after it (lifecycle, churn, alerts) is that step's failure
    try {
      await runExclusive(handle, 'after-import', () => runAfterImport(handle.db, config, logger));
    } catch (err) {
      logger.error('after-import step failed', { jobId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return toImportJob(job);
}
