import { describe, expect, it } from 'vitest';
import { runCascade } from '../../api/churn/cascade';
import { buildChurnGraph } from '../../api/churn/graph';
import { pairRevenueAtRisk } from '../../api/churn/exposure';
import { lossEvaluator, lossModel } from '../../api/churn/loss-evaluator';

function rng(seed: number) {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 4294967296; };
}

/** A random book: companies 1..n (some outside the graph), pairs with cycles, revenue per direction. */
function book(seed: number, n: number, m: number) {
  const random = rng(seed);
  const rows: { shipperId: number; consigneeId: number; shipments: number; revenue: number }[] = [];
  for (let k = 0; k < m; k++) {
    const s = 1 + Math.floor(random() * n);
    const c = 1 + Math.floor(random() * n);
    if (s !== c) rows.push({ shipperId: s, consigneeId: c, shipments: 1 + Math.floor(random() * 50), revenue: Math.floor(random() * 1000) });
  }
  const scored = Array.from({ length: n }, (_, i) => i + 1).filter((id) => id % 11 !== 0); // every 11th is outside
  const index = new Map(scored.map((id, i) => [id, i]));
  const r = Float64Array.from(scored, () => 0.02 + 0.5 * random() ** 2);
  return { rows, index, r, random };
}

describe('local loss evaluation (save first)', () => {
  it('equals a full cascade and pairRevenueAtRisk after changing a few direct risks', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { rows, index, r, random } = book(seed, 60, 160);
      const graph = buildChurnGraph(rows, index);
      const model = lossModel(rows, graph, index, 0.7, 1e-12);
      const evaluator = lossEvaluator(model, r);
      const full = (rr: Float64Array) => pairRevenueAtRisk(rows, graph, runCascade(rr.length, graph.edges, rr, { alpha: 0.7, tolerance: 1e-12 }), index).revenueAtRisk;
      expect(evaluator.lossBefore).toBeCloseTo(full(r), 6);
      for (let trial = 0; trial < 5; trial++) {
        const changed = r.slice();
        for (let k = 0; k <= trial; k++) {
          const node = Math.floor(random() * r.length);
          changed[node] = trial === 4 ? 1 : r[node]! * 0.5;
        }
        expect(evaluator.loss(changed)).toBeCloseTo(full(changed), 6);
      }
      // the evaluator restores its state: the baseline again
      expect(evaluator.loss(r.slice())).toBe(evaluator.lossBefore);
    }
  });

  it('on a hand-computed pair: halving one side’s risk keeps (r_a/2)·(1 − r_b)·revenue at α = 0', () => {
    const rows = [{ shipperId: 1, consigneeId: 2, shipments: 10, revenue: 1000 }];
    const index = new Map([[1, 0], [2, 1]]);
    const graph = buildChurnGraph(rows, index);
    const evaluator = lossEvaluator(lossModel(rows, graph, index, 0, 1e-12), Float64Array.from([0.4, 0.2]));
    // before: 1 − 0.6·0.8 = 0.52 → 520; after r_a = 0.2: 1 − 0.8·0.8 = 0.36 → 360
    expect(evaluator.lossBefore).toBeCloseTo(520, 9);
    expect(evaluator.loss(Float64Array.from([0.2, 0.2]))).toBeCloseTo(360, 9);
  });
});
