import { addDays } from '../domain/business-day';

/**
 * The one definition of a pair's weight (DESIGN.md section 7), used by the cascade, what-if, the ego
 * network and the pairs list: w_ij = the share of i's deliveries over the 12 months to asOf (as shipper or
 * consignee, deliveries to itself left out) that ran between i and j, in either direction.
 */

/** Shipments of one (shipper, consignee) direction over the weight window. */
export interface PairShipments {
  shipperId: number;
  consigneeId: number;
  shipments: number;
}

/** The weight window: the 365 days ending on (and including) asOf. */
export function pairWeightWindow(asOf: string) {
  return { from: addDays(asOf, -364), to: asOf };
}

const key = (x: number, y: number) => (x < y ? `${x}:${y}` : `${y}:${x}`);

export interface PairWeights {
  /** each company's deliveries as shipper or consignee */
  total: ReadonlyMap<number, number>;
  /** shipments between two companies, both directions together */
  between(x: number, y: number): number;
  /** w_xy: the share of x's deliveries that ran with y (0 when x has none) */
  weight(x: number, y: number): number;
}

/**
 * Totals and between-counts from directional rows. Totals are complete for a company only when every row
 * touching it is given (the queries load all rows of the companies they are asked about).
 */
export function pairWeights(rows: readonly PairShipments[]): PairWeights {
  const total = new Map<number, number>();
  const pairs = new Map<string, number>();
  for (const v of rows) {
    if (v.shipperId === v.consigneeId || v.shipments <= 0) continue;
    total.set(v.shipperId, (total.get(v.shipperId) ?? 0) + v.shipments);
    total.set(v.consigneeId, (total.get(v.consigneeId) ?? 0) + v.shipments);
    const k = key(v.shipperId, v.consigneeId);
    pairs.set(k, (pairs.get(k) ?? 0) + v.shipments);
  }
  const between = (x: number, y: number) => pairs.get(key(x, y)) ?? 0;
  return {
    total,
    between,
    weight: (x, y) => {
      const t = total.get(x) ?? 0;
      return t > 0 ? Math.min(1, between(x, y) / t) : 0;
    },
  };
}
