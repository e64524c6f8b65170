import { describe, expect, it } from 'vitest';
import { runCascade, type PairEdges } from '../../api/churn/cascade';
import { pairChurnProbability } from '../../api/churn/exposure';

/**
 * P(either side of a pair churns) from the message passing equals the enumeration of every outcome of the
 * independent cascade on a tree: each company churns on its own with r_i, each directed pair passes churn
 * on with α·w; a company churns when a chain of passes reaches it from one that churned on its own.
 */
function enumerate(n: number, edges: PairEdges, r: number[], alpha: number, e: number): number {
  const m = edges.a.length;
  const arcs: [number, number, number][] = [];
  for (let k = 0; k < m; k++) {
    arcs.push([edges.a[k]!, edges.b[k]!, alpha * edges.wba[k]!]); // a churned makes b churn with α·w_ba
    arcs.push([edges.b[k]!, edges.a[k]!, alpha * edges.wab[k]!]);
  }
  const vars = n + arcs.length;
  let either = 0;
  for (let mask = 0; mask < 1 << vars; mask++) {
    let weight = 1;
    for (let i = 0; i < n; i++) weight *= mask & (1 << i) ? r[i]! : 1 - r[i]!;
    arcs.forEach(([, , q], k) => { weight *= mask & (1 << (n + k)) ? q : 1 - q; });
    const churned = new Set<number>();
    for (let i = 0; i < n; i++) if (mask & (1 << i)) churned.add(i);
    let grew = true;
    while (grew) {
      grew = false;
      arcs.forEach(([from, to], k) => {
        if (mask & (1 << (n + k)) && churned.has(from) && !churned.has(to)) { churned.add(to); grew = true; }
      });
    }
    if (churned.has(edges.a[e]!) || churned.has(edges.b[e]!)) either += weight;
  }
  return either;
}

describe('pair churn probability', () => {
  it('equals enumeration on a small tree, for every pair', () => {
    // 0 — 1 — 2, and 1 — 3
    const edges: PairEdges = {
      a: Int32Array.from([0, 1, 1]), b: Int32Array.from([1, 2, 3]),
      wab: Float64Array.from([1, 0.3, 0.2]), wba: Float64Array.from([0.5, 1, 0.9]),
    };
    const r = [0.1, 0.2, 0.05, 0.3];
    const alpha = 0.7;
    const result = runCascade(4, edges, Float64Array.from(r), { alpha, tolerance: 1e-14 });
    for (let e = 0; e < 3; e++) {
      expect(pairChurnProbability(result, e)).toBeCloseTo(enumerate(4, edges, r, alpha, e), 12);
    }
  });
});
