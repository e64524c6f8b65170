import type { PairEdges } from './cascade';

export interface PairVolume {
  shipperId: number;
  consigneeId: number;
  shipments: number;
}

export interface ChurnGraph {
  edges: PairEdges;
  /** company ids of each pair's two ends (a < b by id) */
  companyA: number[];
  companyB: number[];
}

/**
 * The undirected pair graph with both weights: w_ij = the share of i's deliveries over the window (as
 * shipper or consignee) that ran between i and j, in either direction. A company that is both shipper
 * and consignee of the same partner has one pair whose volume is both directions together. Deliveries
 * with companies outside `nodeIndex` (terminated, archived) count in i's total, but make no pair.
 */
export function buildChurnGraph(volumes: readonly PairVolume[], nodeIndex: ReadonlyMap<number, number>): ChurnGraph {
  const total = new Map<number, number>();
  const between = new Map<string, { a: number; b: number; shipments: number }>();
  for (const v of volumes) {
    if (v.shipperId === v.consigneeId || v.shipments <= 0) continue;
    total.set(v.shipperId, (total.get(v.shipperId) ?? 0) + v.shipments);
    total.set(v.consigneeId, (total.get(v.consigneeId) ?? 0) + v.shipments);
    if (!nodeIndex.has(v.shipperId) || !nodeIndex.has(v.consigneeId)) continue;
    const a = Math.min(v.shipperId, v.consigneeId);
    const b = Math.max(v.shipperId, v.consigneeId);
    const key = `${a}:${b}`;
    const pair = between.get(key);
    if (pair) pair.shipments += v.shipments; else between.set(key, { a, b, shipments: v.shipments });
  }
  const pairs = [...between.values()];
  const edges: PairEdges = {
    a: new Int32Array(pairs.length), b: new Int32Array(pairs.length),
    wab: new Float64Array(pairs.length), wba: new Float64Array(pairs.length),
  };
  pairs.forEach((pair, e) => {
    edges.a[e] = nodeIndex.get(pair.a)!;
    edges.b[e] = nodeIndex.get(pair.b)!;
    edges.wab[e] = Math.min(1, pair.shipments / total.get(pair.a)!);
    edges.wba[e] = Math.min(1, pair.shipments / total.get(pair.b)!);
  });
  return { edges, companyA: pairs.map((p) => p.a), companyB: pairs.map((p) => p.b) };
}
