/**
 * Service KPIs from rollup counts (DESIGN.md §5). Every count is over due deliveries: promised in the
 * period, not cancelled, promised_at in the past. A rate with nothing to divide by is null, never 0 or 1.
 */
export interface ServiceCounts {
  /** non-cancelled deliveries promised in the period, due or not */
  shipments: number;
  due: number;
  delivered: number;
  onTime: number;
  inFull: number;
  otif: number;
  perfect: number;
  piecesExpected: number;
  piecesDelivered: number;
  damagedPieces: number;
  transitCount: number;
  transitHoursSum: number;
  revenue: number;
  cost: number;
  /** the due deliveries among these whose cause the contract excuses, and their counts */
  excusedDue: number;
  excusedDelivered: number;
  excusedOnTime: number;
  excusedInFull: number;
  excusedOtif: number;
  excusedPerfect: number;
  excusedPiecesExpected: number;
  excusedPiecesDelivered: number;
  excusedDamagedPieces: number;
}

/** Transit-time histogram: count of delivered rows per whole hour (floor of transit hours). */
export type TransitHistogram = ReadonlyMap<number, number>;

export interface ServiceKpis {
  shipments: number;
  due: number;
  delivered: number;
  onTime: number;
  inFull: number;
  otif: number;
  perfect: number;
  onTimeRate: number | null;
  inFullRate: number | null;
  otifRate: number | null;
  perfectRate: number | null;
  /** Σ damaged pieces / Σ pieces delivered */
  damageRate: number | null;
  avgTransitHours: number | null;
  /** floor of the nearest-rank 95th percentile of transit hours */
  p95TransitHours: number | null;
  revenue: number;
  cost: number;
  margin: number;
  /** margin / revenue */
  marginRate: number | null;
  /** due deliveries whose cause the contract excuses (DESIGN.md §5) */
  excused: number;
  /** the KPIs with the excused deliveries left out: what compliance and credits judge */
  contractual: ContractualKpis;
}

/** The KPI counts and rates with the excused deliveries left out; transit times are not excused (the operational average). */
export type ContractualKpis = Pick<ServiceKpis,
  'due' | 'delivered' | 'onTime' | 'inFull' | 'otif' | 'perfect' | 'onTimeRate' | 'inFullRate' | 'otifRate' | 'perfectRate'
  | 'damageRate' | 'avgTransitHours'>;

export const emptyCounts = (): ServiceCounts => ({
  shipments: 0, due: 0, delivered: 0, onTime: 0, inFull: 0, otif: 0, perfect: 0,
  piecesExpected: 0, piecesDelivered: 0, damagedPieces: 0, transitCount: 0, transitHoursSum: 0, revenue: 0, cost: 0,
  excusedDue: 0, excusedDelivered: 0, excusedOnTime: 0, excusedInFull: 0, excusedOtif: 0, excusedPerfect: 0,
  excusedPiecesExpected: 0, excusedPiecesDelivered: 0, excusedDamagedPieces: 0,
});

/**
 * The contractual counts (DESIGN.md §5): the excused deliveries left out of every KPI count; shipments, money
 * and transit times stay as they are. Its own excused counts are 0.
 */
export function contractualCounts(c: ServiceCounts): ServiceCounts {
  return {
    ...c,
    due: c.due - c.excusedDue,
    delivered: c.delivered - c.excusedDelivered,
    onTime: c.onTime - c.excusedOnTime,
    inFull: c.inFull - c.excusedInFull,
    otif: c.otif - c.excusedOtif,
    perfect: c.perfect - c.excusedPerfect,
    piecesExpected: c.piecesExpected - c.excusedPiecesExpected,
    piecesDelivered: c.piecesDelivered - c.excusedPiecesDelivered,
    damagedPieces: c.damagedPieces - c.excusedDamagedPieces,
    excusedDue: 0, excusedDelivered: 0, excusedOnTime: 0, excusedInFull: 0, excusedOtif: 0, excusedPerfect: 0,
    excusedPiecesExpected: 0, excusedPiecesDelivered: 0, excusedDamagedPieces: 0,
  };
}

export function addCounts(a: ServiceCounts, b: ServiceCounts): ServiceCounts {
  const sum = emptyCounts();
  for (const key of Object.keys(sum) as (keyof ServiceCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

export function mergeHistograms(into: Map<number, number>, from: TransitHistogram): Map<number, number> {
  for (const [bucket, count] of from) into.set(bucket, (into.get(bucket) ?? 0) + count);
  return into;
}

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Nearest-rank percentile over a whole-hour histogram: the bucket holding the ⌈q·n⌉-th smallest value.
 * It equals the floor of the exact nearest-rank percentile (PostgreSQL percentile_disc) of the raw hours.
 */
export function percentileFromHistogram(histogram: TransitHistogram, q: number): number | null {
  let n = 0;
  for (const count of histogram.values()) n += count;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let cumulative = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    cumulative += histogram.get(bucket)!;
    if (cumulative >= rank) return bucket;
  }
  return null;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

function contractualKpis(c: ServiceCounts): ContractualKpis {
  const k = contractualCounts(c);
  return {
    due: k.due, delivered: k.delivered, onTime: k.onTime, inFull: k.inFull, otif: k.otif, perfect: k.perfect,
    onTimeRate: ratio(k.onTime, k.due), inFullRate: ratio(k.inFull, k.due), otifRate: ratio(k.otif, k.due),
    perfectRate: ratio(k.perfect, k.due), damageRate: ratio(k.damagedPieces, k.piecesDelivered),
    avgTransitHours: k.transitCount > 0 ? k.transitHoursSum / k.transitCount : null,
  };
}

export function serviceKpis(c: ServiceCounts, histogram: TransitHistogram = new Map()): ServiceKpis {
  const margin = round(c.revenue - c.cost, 2);
  return {
    shipments: c.shipments,
    due: c.due,
    delivered: c.delivered,
    onTime: c.onTime,
    inFull: c.inFull,
    otif: c.otif,
    perfect: c.perfect,
    onTimeRate: ratio(c.onTime, c.due),
    inFullRate: ratio(c.inFull, c.due),
    otifRate: ratio(c.otif, c.due),
    perfectRate: ratio(c.perfect, c.due),
    damageRate: ratio(c.damagedPieces, c.piecesDelivered),
    avgTransitHours: c.transitCount > 0 ? c.transitHoursSum / c.transitCount : null,
    p95TransitHours: percentileFromHistogram(histogram, 0.95),
    revenue: round(c.revenue, 2),
    cost: round(c.cost, 2),
    margin,
    marginRate: ratio(margin, c.revenue),
    excused: c.excusedDue,
    contractual: contractualKpis(c),
  };
}
