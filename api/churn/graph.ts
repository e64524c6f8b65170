import type { PairEdges } from './cascade';
import { pairWeights, type PairShipments } from './pair-weight';

export interface ChurnGraph {
  edges: PairEdges;
  /** company ids of each pair's two ends (a < b by id) */
  companyA: number[];
  companyB: number[];
}

/**
 * The undirected pair graph with both weights (pair-weight.ts): a company that is both shipper and
 * consignee of the same partner has one pair whose volume is both directions together. Deliveries with
 * companies outside `nodeIndex` (terminated, archived) count in a company's total, but make no pair.
 */
export function buildChurnGraph(volumes: readonly PairShipments[], nodeIndex: ReadonlyMap<number, number>): ChurnGraph {
  const weights = pairWeights(volumes);
  const seen = new Set<string>();
  const pairs: { a: number; b: number }[] = [];
  for (const v of volumes) {
    if (v.shipperId === v.consigneeId || v.shipments <= 0) continue;
    if (!nodeIndex.has(v.shipperId) || !nodeIndex.has(v.consigneeId)) continue;
    const a = Math.min(v.shipperId, v.consigneeId);
    const b = Math.max(v.shipperId, v.consigneeId);
    const key = `${a}:${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push({ a, b });
  }
  const edges: PairEdges = {
    a: new Int32Array(pairs.length), b: new Int32Array(pairs.length),
    wab: new Float64Array(pairs.length), wba: new Float64Array(pairs.length),
  };
  pairs.forEach((pair, e) => {
    edges.a[e] = nodeIndex.get(pair.a)!;
    edges.b[e] = nodeIndex.get(pair.b)!;
    edges.wab[e] = weights.weight(pair.a, pair.b);
    edges.wba[e] = weights.weight(pair.b, pair.a);
  });
  return { edges, companyA: pairs.map((p) => p.a), companyB: pairs.map((p) => p.b) };
}
