import { emptyCounts, type ServiceCounts } from './service-kpis';
import { DEFAULT_EXCUSED_CAUSES, isExcused } from './exception-causes';

/**
 * What a batch of newly inserted deliveries adds to the service rollups: the same flags and sums as the
 * recomputation from deliveries in api/queries/rollups.ts (DESIGN.md §5), per rollup key. A delivery is due
 * when promised_at <= now (the batch transaction's clock); cancelled ones count nowhere.
 */
export interface RollupDelivery {
  shipperId: number;
  consigneeId: number;
  contractId: number | null;
  /** business day of promised_at */
  day: string;
  row: {
    origin: string | null;
    destination: string | null;
    promisedAt: number;
    deliveredAt: number | null;
    pickedUpAt: number | null;
    status: string;
    piecesExpected: number;
    piecesDelivered: number;
    damagedPieces: number;
    revenueCents: number;
    costCents: number;
    exceptionCause: string | null;
  };
}

export interface ContractWindow {
  graceMinutes: number;
  earlyToleranceMinutes: number | null;
  /** the causes the contract excuses */
  excusedCauses: readonly string[];
}

export interface RollupDelta {
  shipperId: number;
  /** the business day, or the first day of the month at the monthly level */
  period: string;
  consigneeId: number;
  contractId: number;
  origin: string;
  destination: string;
  /** the KPI counts (service-kpis.ts); money in cents here, so sums stay exact */
  counts: Omit<ServiceCounts, 'revenue' | 'cost'>;
  /** whole transit hour → deliveries */
  transit: Map<number, number>;
  revenueCents: number;
  costCents: number;
}

const MINUTE = 60_000;
const MAX_BUCKET = 32767;

const newDelta = (shipperId: number, period: string, consigneeId: number, contractId: number, origin: string, destination: string): RollupDelta => {
  const { revenue: _r, cost: _c, ...counts } = emptyCounts();
  return { shipperId, period, consigneeId, contractId, origin, destination, counts, transit: new Map(), revenueCents: 0, costCents: 0 };
};

/** The daily rollup additions of these deliveries. `windows` holds the grace and early tolerance of each contract. */
export function dailyDeltas(rows: readonly RollupDelivery[], windows: ReadonlyMap<number, ContractWindow>, nowMs: number): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  for (const r of rows) {
    const d = r.row;
    if (d.status === 'cancelled') continue;
    const contractId = r.contractId ?? 0;
    const origin = d.origin ?? '';
    const destination = d.destination ?? '';
    const key = `${r.shipperId}\u0000${r.day}\u0000${r.consigneeId}\u0000${contractId}\u0000${origin}\u0000${destination}`;
    let delta = byKey.get(key);
    if (!delta) byKey.set(key, (delta = newDelta(r.shipperId, r.day, r.consigneeId, contractId, origin, destination)));
    const c = delta.counts;
    c.shipments++;
    delta.revenueCents += d.revenueCents;
    delta.costCents += d.costCents;
    if (d.promisedAt > nowMs) continue;
    const window = r.contractId === null ? undefined : windows.get(r.contractId);
    const excused = isExcused(d.exceptionCause, window?.excusedCauses ?? DEFAULT_EXCUSED_CAUSES);
    c.due++;
    c.piecesExpected += d.piecesExpected;
    if (excused) {
      c.excusedDue++;
      c.excusedPiecesExpected += d.piecesExpected;
    }
    if (d.status !== 'delivered' || d.deliveredAt === null) continue;
    const grace = window?.graceMinutes ?? 0;
    const early = window?.earlyToleranceMinutes ?? null;
    const onTime = d.deliveredAt <= d.promisedAt + grace * MINUTE && (early === null || d.deliveredAt >= d.promisedAt - early * MINUTE);
    const inFull = d.piecesDelivered === d.piecesExpected;
    c.delivered++;
    c.piecesDelivered += d.piecesDelivered;
    c.damagedPieces += d.damagedPieces;
    if (onTime) c.onTime++;
    if (inFull) c.inFull++;
    if (onTime && inFull) {
      c.otif++;
      if (d.damagedPieces === 0) c.perfect++;
    }
    if (excused) {
      c.excusedDelivered++;
      c.excusedPiecesDelivered += d.piecesDelivered;
      c.excusedDamagedPieces += d.damagedPieces;
      if (onTime) c.excusedOnTime++;
      if (inFull) c.excusedInFull++;
      if (onTime && inFull) {
        c.excusedOtif++;
        if (d.damagedPieces === 0) c.excusedPerfect++;
      }
    }
    if (d.pickedUpAt !== null && d.deliveredAt >= d.pickedUpAt) {
      const hours = (d.deliveredAt - d.pickedUpAt) / 3_600_000;
      const bucket = Math.min(Math.floor(hours), MAX_BUCKET);
      c.transitCount++;
      c.transitHoursSum += hours;
      delta.transit.set(bucket, (delta.transit.get(bucket) ?? 0) + 1);
    }
  }
  return [...byKey.values()];
}
