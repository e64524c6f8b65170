import type { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../db/connection';
import { validateDeliveryRow, type DeliveryInput } from '../domain/delivery-row';
import { createStageTable, dropStageTable } from '../queries/delivery-import';
import { markJobRunning } from '../queries/import-jobs';
import { distinctMonths, refreshQueuedMonths } from '../queries/rollups';
import { createRollupDeltaStage, dropRollupDeltaStage } from '../queries/rollup-deltas';
import { CsvFileError, openCsvStream, type CsvRecord } from './csv-source';
import { mapHeader } from './header';
import { openImportSession } from './session';
import { writeBatch, type ParsedBatch } from './batch-writer';

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
  /** SHA-256 of the file, when known (see upsertStagedDeliveries) */
  fileSha256: string | null;
  /** after each committed batch */
  onBatch?: (totals: PipelineTotals) => void;
  /** the most warnings and row errors the job stores; all are counted */
  keep: ImportKept;
}

export interface ImportKept {
  warnings: number;
  rowErrors: number;
}

export interface PipelineTotals {
  bytesRead: number;
  rowsProcessed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** A batch being read: its valid rows by (shipper code, tracking number), the last row of each kept. */
type OpenBatch = Omit<ParsedBatch, 'rows'> & { byKey: Map<string, DeliveryInput> };

const newBatch = (): OpenBatch => ({ byKey: new Map(), errors: [], rejectedLines: new Set(), count: 0, bytesRead: 0 });

const sealed = ({ byKey, ...batch }: OpenBatch): ParsedBatch => ({ ...batch, rows: [...byKey.values()] });

/**
 * Streams a delivery file into the database batch by batch (writeBatch: one transaction each, daily rollups
 * included, so a crash leaves every batch either absent or complete). The next batch is parsed while the
 * previous one commits. After each batch the monthly rollups of the queued months are recomputed, except
 * the months that batch touched (the next batch of a file in time order usually continues them); the rest
 * before the job ends, so a finished job's rollups are current.
 */
export async function runPipeline(handle: DatabaseHandle, source: Readable, options: PipelineOptions): Promise<PipelineTotals> {
  const totals: PipelineTotals = { bytesRead: 0, rowsProcessed: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  const csv = await openCsvStream(source, (n) => {
    totals.bytesRead += n;
    if (options.maxBytes !== undefined && totals.bytesRead > options.maxBytes) {
      source.destroy(new ImportFileError(`The file is larger than the upload limit of ${options.maxBytes} bytes.`));
    }
  }).catch((err) => {
    throw err instanceof CsvFileError ? new ImportFileError(err.message) : err;
  });
  const chunks = csv.chunks[Symbol.asyncIterator]();
  let buffered: CsvRecord[] = [];
  let next = 0;
  const nextRecord = async (): Promise<CsvRecord | undefined> => {
    while (next >= buffered.length) {
      const chunk = await readChunk(chunks);
      if (!chunk) return undefined;
      buffered = chunk;
      next = 0;
    }
    return buffered[next++];
  };

  const first = await nextRecord();
  if (!first) throw new ImportFileError('The file is empty: it needs a header row and at least one delivery row.');
  if (first.problem) throw new ImportFileError(`The header row cannot be read: ${first.problem}`);
  const header = mapHeader(first.fields);
  if (!header.ok) throw new ImportFileError(header.message);
  await markJobRunning(handle.db, options.jobId, header.warnings, options.keep.warnings);

  const session = await openImportSession(handle);
  const audit = { userId: options.createdBy, requestId: `import-job-${options.jobId}` };
  let pending: Promise<void> = Promise.resolve();
  let failure: unknown;
  const flush = (batch: ParsedBatch) => {
    pending = pending.then(async () => {
      if (failure) return;
      try {
        const { progress, keys } = await writeBatch(session, batch, {
          jobId: options.jobId, timeZone: options.timeZone, fileSha256: options.fileSha256, audit, keepRowErrors: options.keep.rowErrors,
        });
        totals.rowsProcessed += progress.rows;
        totals.inserted += progress.inserted;
        totals.updated += progress.updated;
        totals.unchanged += progress.unchanged;
        totals.rejected += progress.rejected;
        await refreshQueuedMonths(session.db, distinctMonths(keys));
        options.onBatch?.({ ...totals, bytesRead: batch.bytesRead });
      } catch (err) {
        failure = err;
      }
    });
  };
  try {
    await createStageTable(session.db);
    await createRollupDeltaStage(session.db);
    let batch = newBatch();
    for (;;) {
      const record = await nextRecord();
      if (!record || failure) break;
      batch.count++;
      const result = record.problem
        ? { ok: false as const, errors: [{ line: record.line, column: null, value: record.text ?? null, message: record.problem }] }
        : validateDeliveryRow(record.fields, record.line, header.indexes, header.width, options.timeZone);
      if (!result.ok) {
        batch.errors.push(...result.errors);
        batch.rejectedLines.add(record.line);
      } else {
        const key = `${result.row.shipperCode}\u0000${result.row.trackingNo}`;
        const earlier = batch.byKey.get(key);
        if (earlier) {
          batch.rejectedLines.add(earlier.line);
          batch.errors.push({
            line: earlier.line, column: 'tracking_no', value: earlier.trackingNo,
            message: `Tracking number "${earlier.trackingNo}" appears again on line ${record.line} for the same shipper; the later row was kept and this one replaced.`,
          });
        }
        batch.byKey.set(key, result.row);
      }
      if (batch.count >= options.batchSize) {
        batch.bytesRead = totals.bytesRead;
        await pending;
        flush(sealed(batch));
        batch = newBatch();
      }
    }
    batch.bytesRead = totals.bytesRead;
    if (batch.count > 0) flush(sealed(batch));
    await pending;
    if (failure) throw failure;
    await refreshQueuedMonths(session.db);
    await dropStageTable(session.db);
    await dropRollupDeltaStage(session.db);
  } finally {
    await pending;
    await session.release();
  }
  return totals;
}

async function readChunk(chunks: AsyncIterator<CsvRecord[]>): Promise<CsvRecord[] | undefined> {
  try {
    const next = await chunks.next();
    return next.done ? undefined : next.value;
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    if (err instanceof CsvFileError) throw new ImportFileError(`The file is not valid CSV: ${err.message}`);
    throw err;
  }
}
