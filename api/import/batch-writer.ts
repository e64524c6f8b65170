import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { DeliveryInput, RowError } from '../domain/delivery-row';
import { DELIVERIES_COPY_TARGET, STAGE_COPY_TARGET, upsertStagedDeliveries, type ImportAudit } from '../queries/delivery-import';
import { addJobProgress, insertRowErrors, rowErrorsKept, type BatchProgress } from '../queries/import-jobs';
import { distinctMonths, holdRollupLockShared, queueMonths, refreshRollups, type RollupKey } from '../queries/rollups';
import { addStagedRollupDeltas, ROLLUP_DELTA_COPY_TARGET } from '../queries/rollup-deltas';
import { dailyDeltas, type RollupDelta } from '../domain/rollup-deltas';
import { resolveBatch, type ResolvedDelivery } from './batch-references';
import { CopyBinaryWriter } from './copy-binary';
import type { ImportSession } from './session';

/** The rows of one batch as parsed and validated, before they meet the database. */
export interface ParsedBatch {
  /** valid rows, one per (shipper code, tracking number): a later row of the batch replaced an earlier one */
  rows: DeliveryInput[];
  errors: RowError[];
  rejectedLines: Set<number>;
  /** data rows read into the batch, valid or not */
  count: number;
  /** bytes of the file read when the batch was complete */
  bytesRead: number;
}

export interface BatchOutcome {
  progress: BatchProgress;
  /** the (shipper, day) keys whose rollups the batch changed */
  keys: RollupKey[];
}

const FIELDS = 19;

/** The batch's rows in binary COPY format, fields in DELIVERY_COPY_COLUMNS order. */
function encode(deliveries: readonly ResolvedDelivery[], jobId: number): Buffer {
  const out = new CopyBinaryWriter(deliveries.length * 240 + 64);
  for (const d of deliveries) {
    const r = d.row;
    out.row(FIELDS).int8(d.shipperId).text(r.trackingNo).int8(d.consigneeId).int8(d.pairId).int8OrNull(d.contractId)
      .textOrNull(r.origin).textOrNull(r.destination).timestamptz(r.pickedUpAt).timestamptz(r.promisedAt)
      .timestamptz(r.deliveredAt).text(r.status).int4(r.piecesExpected).int4(r.piecesDelivered).int4(r.damagedPieces)
      .numericCents(r.revenueCents).numericCents(r.costCents).textOrNull(r.exceptionCause).int8(jobId).int4(r.line);
  }
  return out.finish();
}

/** Daily rollup additions in binary COPY format, fields in ROLLUP_DELTA_COLUMNS order. */
function encodeDeltas(deltas: readonly RollupDelta[]): Buffer {
  const out = new CopyBinaryWriter(deltas.length * 160 + 64);
  for (const d of deltas) {
    const buckets = [...d.transit.keys()].sort((a, b) => a - b);
    const c = d.counts;
    out.row(31).int8(d.shipperId).date(d.period).int8(d.consigneeId).int8(d.contractId).text(d.origin).text(d.destination)
      .int4(c.shipments).int4(c.due).int4(c.delivered).int4(c.onTime).int4(c.inFull).int4(c.otif).int4(c.perfect)
      .int4(c.piecesExpected).int4(c.piecesDelivered).int4(c.damagedPieces)
      .int4(c.excusedDue).int4(c.excusedDelivered).int4(c.excusedOnTime).int4(c.excusedInFull).int4(c.excusedOtif)
      .int4(c.excusedPerfect).int4(c.excusedPiecesExpected).int4(c.excusedPiecesDelivered).int4(c.excusedDamagedPieces)
      .int4(c.transitCount).float8(c.transitHoursSum)
      .int2Array(buckets).int4Array(buckets.map((b) => d.transit.get(b)!))
      .numericCents(d.revenueCents).numericCents(d.costCents);
  }
  return out.finish();
}

function distinctKeys(deliveries: readonly ResolvedDelivery[]): RollupKey[] {
  const seen = new Map<string, RollupKey>();
  for (const d of deliveries) {
    const key = `${d.shipperId}|${d.day}`;
    if (!seen.has(key)) seen.set(key, { shipperId: d.shipperId, day: d.day });
  }
  return [...seen.values()];
}

const transactionNow = async (trx: Transaction<Database>) =>
  Number((await sql<{ ms: number }>`select (extract(epoch from now()) * 1000)::float8 as ms`.execute(trx)).rows[0].ms);

/** COPYs the rows straight into deliveries; false (and nothing written) when a tracking number is stored already. */
async function copyIfAllNew(trx: Transaction<Database>, session: ImportSession, payload: Buffer): Promise<boolean> {
  await sql`savepoint bulk_insert`.execute(trx);
  try {
    await session.copyBinary(DELIVERIES_COPY_TARGET, payload);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await sql`rollback to savepoint bulk_insert`.execute(trx);
    return false;
  }
  await sql`release savepoint bulk_insert`.execute(trx);
  return true;
}

export interface BatchContext {
  jobId: number;
  timeZone: string;
  fileSha256: string | null;
  audit: ImportAudit;
  /** the most row errors the job stores (setting 'import.kept') */
  keepRowErrors: number;
}

/**
 * Writes one batch in one transaction: references resolved and locked; rows COPYed straight into deliveries
 * when none of their tracking numbers is stored yet (a first import) and their counts added to the rollups,
 * else COPYed into the staging table, upserted set-based and the rollups of the changed (shipper, day) keys
 * recomputed; row errors and the job's counters written. A crash leaves the batch either absent or complete.
 */
export async function writeBatch(session: ImportSession, batch: ParsedBatch, job: BatchContext): Promise<BatchOutcome> {
  const { jobId, timeZone, audit } = job;
  return session.db.transaction().execute(async (trx) => {
    let attempted = 0;
    let inserted = 0;
    let updated = 0;
    let replaced = 0;
    let keys: RollupKey[] = [];
    let resolveErrors: RowError[] = [];
    if (batch.rows.length) {
      const resolved = await resolveBatch(trx, batch.rows, timeZone, audit);
      resolveErrors = resolved.errors;
      attempted = resolved.deliveries.length;
      if (attempted) {
        const payload = encode(resolved.deliveries, jobId);
        // the rollup additions are worked out while the server stores the rows; wasted if a row exists already
        const deltas = transactionNow(trx).then((now) => encodeDeltas(dailyDeltas(resolved.deliveries, resolved.windows, now)));
        deltas.catch(() => {}); // a failure here fails the COPY too, which reports it
        if (await copyIfAllNew(trx, session, payload)) {
          inserted = attempted;
          keys = distinctKeys(resolved.deliveries);
          await session.copyBinary(ROLLUP_DELTA_COPY_TARGET, await deltas);
          await holdRollupLockShared(trx);
          await addStagedRollupDeltas(trx);
          await queueMonths(trx, distinctMonths(keys));
        } else {
          await session.copyBinary(STAGE_COPY_TARGET, payload);
          const up = await upsertStagedDeliveries(trx, jobId, timeZone, job.fileSha256);
          ({ attempted, inserted, updated, replaced, keys } = up);
          await refreshRollups(trx, keys, timeZone, { months: 'queue' });
        }
      }
    }
    // every error is counted; only the first job.keepRowErrors of the job are stored
    const errors = [...batch.errors, ...resolveErrors];
    const room = Math.max(0, job.keepRowErrors - (errors.length ? await rowErrorsKept(trx, jobId) : 0));
    const kept = errors.slice(0, room);
    await insertRowErrors(trx, jobId, kept);
    const progress: BatchProgress = {
      rowErrorsFound: errors.length,
      rowErrorsKept: kept.length,
      bytesRead: batch.bytesRead,
      rows: batch.count,
      inserted,
      updated,
      unchanged: attempted - inserted - updated,
      rejected: batch.rejectedLines.size + new Set(resolveErrors.map((e) => e.line)).size + replaced,
    };
    await addJobProgress(trx, jobId, progress);
    return { progress, keys };
  });
}
