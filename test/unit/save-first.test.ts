import { describe, expect, it } from 'vitest';
import { runCascade } from '../../api/churn/cascade';
import { buildChurnGraph } from '../../api/churn/graph';
import { pairRevenueAtRisk } from '../../api/churn/exposure';
import { saveFirst } from '../../api/churn/save-first';

/** A deterministic pseudo-random generator (mulberry32), so a failing graph can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random book of n companies (ids 1..n) with pairs, heavy-tailed revenue and direct risks. */
function book(n: number, seed: number) {
  const next = random(seed);
  const volumes: { shipperId: number; consigneeId: number; shipments: number; revenue: number }[] = [];
  for (let s = 1; s <= n; s++) {
    for (let c = 1; c <= n; c++) {
      if (s !== c && next() < 2.5 / n) {
        const shipments = 1 + Math.floor(next() ** 3 * 200);
        volumes.push({ shipperId: s, consigneeId: c, shipments, revenue: shipments * (50 + Math.floor(next() * 100)) });
      }
    }
  }
  const index = new Map(Array.from({ length: n }, (_, i) => [i + 1, i]));
  const graph = buildChurnGraph(volumes, index);
  const r = Float64Array.from({ length: n }, () => 0.02 + next() * 0.5);
  const loss = (risks: Float64Array) => pairRevenueAtRisk(volumes, graph, runCascade(n, graph.edges, risks, { alpha: 0.5, tolerance: 1e-12 }), index).revenueAtRisk;
  return { n, r, loss, cost: (node: number) => 1 + ((node * 7) % 5) };
}

/** The best set of at most k (or within an amount) by trying every subset. */
function bruteForce(b: ReturnType<typeof book>, effect: number, limit: { accounts?: number; amount?: number }) {
  let best = b.loss(b.r);
  for (let mask = 1; mask < 1 << b.n; mask++) {
    const nodes = Array.from({ length: b.n }, (_, i) => i).filter((i) => mask & (1 << i));
    if (limit.accounts !== undefined && nodes.length > limit.accounts) continue;
    if (limit.amount !== undefined && nodes.reduce((sum, i) => sum + b.cost(i), 0) > limit.amount) continue;
    const r = b.r.slice();
    for (const i of nodes) r[i] = r[i]! * effect;
    best = Math.min(best, b.loss(r));
  }
  return best;
}

describe('saveFirst (greedy with lazy re-evaluation)', () => {
  it('keeps within 5 % of the best subset found by enumeration, on graphs of up to 12 companies', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const b = book(8 + (seed % 5), seed);
      const all = Array.from({ length: b.n }, (_, i) => i);
      for (const accounts of [1, 2, 3]) {
        const plan = saveFirst({ r: b.r, candidates: all, loss: b.loss, effect: 0.5, accounts });
        const optimum = bruteForce(b, 0.5, { accounts });
        const keptGreedy = plan.lossBefore - plan.lossAfter;
        const keptBest = plan.lossBefore - optimum;
        expect(keptGreedy, `seed ${seed}, ${accounts} accounts`).toBeGreaterThanOrEqual(keptBest * 0.95 - 1e-9);
        expect(plan.steps.length).toBeLessThanOrEqual(accounts);
      }
      const byMoney = saveFirst({ r: b.r, candidates: all, loss: b.loss, effect: 0.5, amount: 6, cost: b.cost });
      expect(byMoney.steps.reduce((sum, s) => sum + s.cost, 0)).toBeLessThanOrEqual(6);
      const optimum = bruteForce(b, 0.5, { amount: 6 });
      expect(byMoney.lossBefore - byMoney.lossAfter, `seed ${seed}, amount 6`).toBeGreaterThanOrEqual((byMoney.lossBefore - optimum) * 0.95 - 1e-9);
    }
  });

  it('gives each step its marginal gain: the gains add up to the revenue kept', () => {
    const b = book(12, 99);
    const plan = saveFirst({ r: b.r, candidates: Array.from({ length: 12 }, (_, i) => i), loss: b.loss, effect: 0.5, accounts: 4 });
    expect(plan.steps).toHaveLength(4);
    const total = plan.steps.reduce((sum, s) => sum + s.gain, 0);
    expect(total).toBeCloseTo(plan.lossBefore - plan.lossAfter, 6);
    const r = b.r.slice();
    for (const s of plan.steps) r[s.node] = r[s.node]! * 0.5;
    expect(b.loss(r)).toBeCloseTo(plan.lossAfter, 6);
  });

  it('chooses only among the candidates, nothing without budget, and nothing an intervention cannot change', () => {
    const b = book(10, 5);
    const plan = saveFirst({ r: b.r, candidates: [3, 7], loss: b.loss, effect: 0.5, accounts: 5 });
    expect(plan.steps.map((s) => s.node).sort()).toEqual([3, 7]);
    expect(saveFirst({ r: b.r, candidates: [3, 7], loss: b.loss, effect: 0.5, accounts: 0 }).steps).toEqual([]);
    expect(saveFirst({ r: b.r, candidates: [3, 7], loss: b.loss, effect: 1, accounts: 2 }).steps).toEqual([]);
    expect(saveFirst({ r: b.r, candidates: [3], loss: b.loss, effect: 0.5, amount: 0.5, cost: () => 1 }).steps).toEqual([]);
  });
});
