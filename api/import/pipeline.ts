import type { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../db/connection';
import { validateDeliveryRow, type DeliveryInput, type RowError } from '../domain/delivery-row';
import { COPY_STAGE_SQL, createStageTable, dropStageTable, ensureConsignees, ensurePairs, rejectUnresolvedRows, upsertStagedDeliveries } from '../queries/delivery-import';
import { addJobProgress, insertRowErrors, markJobRunning } from '../queries/import-jobs';
import { refreshRollups } from '../queries/rollups';
import { openCsvStream } from './csv-source';
import { mapHeader } from './header';
import { openImportSession, type ImportSession } from './session';
import { toCopyLine } from './copy-text';

/** A reason the whole file cannot be imported (as opposed to a bad row). */
export class ImportFileError extends Error {}

export interface PipelineOptions {
  jobId: number;
  timeZone: string;
  batchSize: number;
  /** the user the job runs for (audit entries of companies and pairs it creates) */
  createdBy: number | null;
  /** stop reading once more bytes than this arrive */
  maxBytes?: number;
  /** after each committed batch */
  onBatch?: (totals: PipelineTotals) => void;
}

export interface PipelineTotals {
  bytesRead: number;
  rowsProcessed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

interface Batch {
  rows: Map<string, DeliveryInput>;
  errors: RowError[];
  rejectedLines: Set<number>;
  count: number;
  bytesRead: number;
}

const newBatch = (): Batch => ({ rows: new Map(), errors: [], rejectedLines: new Set(), count: 0, bytesRead: 0 });

/**
 * Streams a delivery file into the database batch by batch. Each batch is one transaction: its valid rows
 * are COPYed into the session's staging table, references resolved and rows upserted set-based, its row
 * errors and the job's counters written, and the rollups of the days it touched refreshed — so a crash
 * leaves every batch either absent or complete. The next batch is parsed while the previous one commits.
 */
export async function runPipeline(handle: DatabaseHandle, source: Readable, options: PipelineOptions): Promise<PipelineTotals> {
  const totals: PipelineTotals = { bytesRead: 0, rowsProcessed: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const csv = await openCsvStream(source, (n) => {
    totals.bytesRead += n;
    if (options.maxBytes !== undefined && totals.bytesRead > options.maxBytes) {
      source.destroy(new ImportFileError(`The file is larger than the upload limit of ${options.maxBytes} bytes.`));
    }
  });
  const iterator = csv.records[Symbol.asyncIterator]();
  const first = await nextRecord(iterator);
  if (!first) throw new ImportFileError('The file is empty: it needs a header row and at least one delivery row.');
  const header = mapHeader(first.fields);
  if (!header.ok) throw new ImportFileError(header.message);
  await markJobRunning(handle.db, options.jobId, header.warnings);

  const session = await openImportSession(handle);
  let pending: Promise<void> = Promise.resolve();
  let failure: unknown;
  const flush = (batch: Batch) => {
    pending = pending.then(async () => {
      if (failure) return;
      try {
        await writeBatch(session, batch, options, totals);
        options.onBatch?.({ ...totals });
      } catch (err) {
        failure = err;
      }
    });
  };
  try {
    await createStageTable(session.db);
    let batch = newBatch();
    for (;;) {
      const record = await nextRecord(iterator);
      if (!record) break;
      if (failure) break;
      batch.count++;
      const result = validateDeliveryRow(record.fields, record.line, header.indexes, header.width, options.timeZone);
      if (!result.ok) {
        batch.errors.push(...result.errors);
        batch.rejectedLines.add(record.line);
      } else {
        const key = `${result.row.shipperCode}\u0000${result.row.trackingNo}`;
        const earlier = batch.rows.get(key);
        if (earlier) {
          batch.rows.delete(key);
          batch.rejectedLines.add(earlier.line);
          batch.errors.push({
            line: earlier.line, column: 'tracking_no', value: earlier.trackingNo,
            message: `Tracking number "${earlier.trackingNo}" appears again on line ${record.line} for the same shipper; the later row was kept and this one replaced.`,
          });
        }
        batch.rows.set(key, result.row);
      }
      if (batch.count >= options.batchSize) {
        batch.bytesRead = totals.bytesRead;
        await pending;
        flush(batch);
        batch = newBatch();
      }
    }
    batch.bytesRead = totals.bytesRead;
    if (batch.count > 0) flush(batch);
    await pending;
    if (failure) throw failure;
    await dropStageTable(session.db);
  } finally {
    await pending;
    await session.release();
  }
  return totals;
}

async function nextRecord(iterator: AsyncIterator<{ fields: string[]; line: number }>) {
  try {
    const next = await iterator.next();
    return next.done ? undefined : next.value;
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const code = (err as { code?: string }).code;
    if (code && code.startsWith('CSV_')) throw new ImportFileError(`The file is not valid CSV: ${(err as Error).message}`);
    throw err;
  }
}

async function writeBatch(session: ImportSession, batch: Batch, options: PipelineOptions, totals: PipelineTotals) {
  const rows = [...batch.rows.values()];
  const outcome = await session.db.transaction().execute(async (trx) => {
    let sqlRejected = 0;
    let attempted = 0;
    let inserted = 0;
    let updated = 0;
    let replaced = 0;
    if (rows.length) {
      await session.copy(COPY_STAGE_SQL, rows.map(toCopyLine).join(''));
      sqlRejected = await rejectUnresolvedRows(trx, options.jobId);
      const audit = { userId: options.createdBy, requestId: `import-job-${options.jobId}` };
      await ensureConsignees(trx, audit);
      await ensurePairs(trx, audit);
      const up = await upsertStagedDeliveries(trx, options.jobId, options.timeZone);
      ({ attempted, inserted, updated, replaced } = up);
      await refreshRollups(trx, up.keys, options.timeZone);
    }
    await insertRowErrors(trx, options.jobId, batch.errors);
    const progress = {
      bytesRead: batch.bytesRead,
      rows: batch.count,
      inserted,
      updated,
      unchanged: attempted - inserted - updated,
      rejected: batch.rejectedLines.size + sqlRejected + replaced,
    };
    await addJobProgress(trx, options.jobId, progress);
    return progress;
  });
  totals.rowsProcessed += outcome.rows;
  totals.inserted += outcome.inserted;
  totals.updated += outcome.updated;
  totals.unchanged += outcome.unchanged;
  totals.rejected += outcome.rejected;
}
