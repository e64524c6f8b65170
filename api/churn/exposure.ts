import type { CascadeResult } from './cascade';
import type { ChurnGraph } from './graph';

/** One direction of a pair with its 12-month revenue (billed to the shipper). */
export interface PairRevenue {
  shipperId: number;
  consigneeId: number;
  revenue: number;
}

/**
 * P(either side of pair e churns) = 1 − (1 − m_a→b)(1 − m_b→a): both survive exactly when each survives
 * everything but the other, and on a forest those two events are independent, so this is exact there
 * (DESIGN.md section 7); on cycles it inherits the message passing's approximation.
 */
export function pairChurnProbability(result: CascadeResult, e: number): number {
  return 1 - (1 - result.toA[e]!) * (1 - result.toB[e]!);
}

export interface CompanyExposure {
  /** Σ over the company's pairs of P(either side churns) × pair revenue */
  exposure: number;
  /** revenue of deliveries made to the company */
  transferValue: number;
  /** the part of the exposure on pairs it ships on (each pair's revenue is billed to one shipper) */
  billedAtRisk: number;
  directBilledAtRisk: number;
}

export interface PairRevenueAtRisk {
  /** company index → its exposure; companies outside the graph are left out */
  companies: CompanyExposure[];
  /** Σ over pairs, each counted once, with the cascade and with direct risks alone */
  revenueAtRisk: number;
  directRevenueAtRisk: number;
  revenue: number;
}

/**
 * Revenue at risk counted on pairs: each pair's revenue is lost when either side churns. A pair whose other
 * side is outside the graph (terminated, archived) is at risk at the scored side's probability.
 */
export function pairRevenueAtRisk(
  rows: readonly PairRevenue[], graph: ChurnGraph, result: CascadeResult, index: ReadonlyMap<number, number>,
): PairRevenueAtRisk {
  const probability = pairProbabilities(graph, result, index);
  const companies: CompanyExposure[] = Array.from({ length: result.n }, () => ({ exposure: 0, transferValue: 0, billedAtRisk: 0, directBilledAtRisk: 0 }));
  let revenueAtRisk = 0;
  let directRevenueAtRisk = 0;
  let revenue = 0;
  for (const row of rows) {
    if (row.shipperId === row.consigneeId || row.revenue === 0) continue;
    const s = index.get(row.shipperId);
    const c = index.get(row.consigneeId);
    if (s === undefined && c === undefined) continue;
    const { p, direct } = probability(row.shipperId, row.consigneeId)!;
    const atRisk = p * row.revenue;
    revenue += row.revenue;
    revenueAtRisk += atRisk;
    directRevenueAtRisk += direct * row.revenue;
    if (s !== undefined) {
      companies[s]!.exposure += atRisk;
      companies[s]!.billedAtRisk += atRisk;
      companies[s]!.directBilledAtRisk += direct * row.revenue;
    }
    if (c !== undefined) {
      companies[c]!.exposure += atRisk;
      companies[c]!.transferValue += row.revenue;
    }
  }
  return { companies, revenueAtRisk, directRevenueAtRisk, revenue };
}

/**
 * P(either side churns) of a shipper–consignee direction, with the cascade (p) and with direct risks alone;
 * null when neither side is scored. A side outside the graph leaves the pair at the other side's probability.
 */
export function pairProbabilities(graph: ChurnGraph, result: CascadeResult, index: ReadonlyMap<number, number>) {
  const edgeOf = new Map<string, number>();
  graph.companyA.forEach((a, e) => edgeOf.set(`${a}:${graph.companyB[e]}`, e));
  return (shipperId: number, consigneeId: number): { p: number; direct: number } | null => {
    const s = index.get(shipperId);
    const c = index.get(consigneeId);
    if (s === undefined && c === undefined) return null;
    if (s === undefined || c === undefined) {
      const only = (s ?? c)!;
      return { p: result.p[only]!, direct: result.r[only]! };
    }
    const e = edgeOf.get(`${Math.min(shipperId, consigneeId)}:${Math.max(shipperId, consigneeId)}`);
    return {
      p: e === undefined ? 1 - (1 - result.p[s]!) * (1 - result.p[c]!) : pairChurnProbability(result, e),
      direct: 1 - (1 - result.r[s]!) * (1 - result.r[c]!),
    };
  };
}
