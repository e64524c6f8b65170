import { describe, expect, it } from 'vitest';
import { runCascade, topNeighbours, withOverrides, type PairEdges } from '../../api/churn/cascade';

type Pair = [a: number, b: number, wab: number, wba: number];

const edges = (pairs: Pair[]): PairEdges => ({
  a: Int32Array.from(pairs.map((p) => p[0])),
  b: Int32Array.from(pairs.map((p) => p[1])),
  wab: Float64Array.from(pairs.map((p) => p[2])),
  wba: Float64Array.from(pairs.map((p) => p[3])),
});

const cascade = (n: number, pairs: Pair[], r: number[], alpha: number, tolerance = 1e-13) =>
  runCascade(n, edges(pairs), Float64Array.from(r), { alpha, tolerance, maxIterations: 10_000 });

/** Deterministic generator (mulberry32) so random graphs and simulations repeat exactly. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Directed influence arcs j→i with probability α·w_ij. */
function arcs(pairs: Pair[], alpha: number) {
  return pairs.flatMap(([a, b, wab, wba]) => [
    { from: b, to: a, q: alpha * wab },
    { from: a, to: b, q: alpha * wba },
  ]);
}

/** Who churns, given the seeds and the arcs that fire: everything reachable from a seed. */
function churned(n: number, seeds: boolean[], firing: { from: number; to: number }[]) {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const arc of firing) out[arc.from]!.push(arc.to);
  const hit = seeds.slice();
  const stack = seeds.flatMap((s, i) => (s ? [i] : []));
  while (stack.length) {
    const u = stack.pop()!;
    for (const v of out[u]!) if (!hit[v]) { hit[v] = true; stack.push(v); }
  }
  return hit;
}

/** The exact churn probability of every node: sum over all 2^(n + arcs) outcomes of the independent cascade. */
function enumerate(n: number, pairs: Pair[], r: number[], alpha: number): number[] {
  const all = arcs(pairs, alpha);
  const bits = n + all.length;
  const p = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 2 ** bits; mask++) {
    let weight = 1;
    const seeds: boolean[] = [];
    for (let i = 0; i < n; i++) {
      const on = (mask >> i) & 1;
      seeds.push(on === 1);
      weight *= on ? r[i]! : 1 - r[i]!;
    }
    const firing = [];
    for (let k = 0; k < all.length; k++) {
      const on = (mask >> (n + k)) & 1;
      weight *= on ? all[k]!.q : 1 - all[k]!.q;
      if (on) firing.push(all[k]!);
    }
    if (weight === 0) continue;
    const hit = churned(n, seeds, firing);
    for (let i = 0; i < n; i++) if (hit[i]) p[i]! += weight;
  }
  return p;
}

function simulate(n: number, pairs: Pair[], r: number[], alpha: number, runs: number, seed: number): number[] {
  const random = rng(seed);
  const all = arcs(pairs, alpha);
  const count = new Array<number>(n).fill(0);
  for (let s = 0; s < runs; s++) {
    const seeds = r.map((ri) => random() < ri);
    const firing = all.filter((arc) => random() < arc.q);
    const hit = churned(n, seeds, firing);
    for (let i = 0; i < n; i++) if (hit[i]) count[i]!++;
  }
  return count.map((c) => c / runs);
}

/** A random tree on n nodes whose weights are shares: each node's weights sum to at most 1. */
function randomTree(n: number, random: () => number): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 1; i < n; i++) pairs.push([Math.floor(random() * i), i, 0, 0]);
  return withShareWeights(n, pairs, random);
}

/** Gives each node random positive delivery counts on its pairs and turns them into shares of its total. */
function withShareWeights(n: number, pairs: Pair[], random: () => number): Pair[] {
  const volume = pairs.map(() => 1 + Math.floor(random() * 9));
  const total = new Array<number>(n).fill(0);
  pairs.forEach(([a, b], e) => { total[a]! += volume[e]!; total[b]! += volume[e]!; });
  // Some deliveries run on pairs outside the graph (other providers' customers): shares below 1.
  const outside = Array.from({ length: n }, () => Math.floor(random() * 4));
  return pairs.map(([a, b], e) => [a, b, volume[e]! / (total[a]! + outside[a]!), volume[e]! / (total[b]! + outside[b]!)]);
}

describe('churn cascade (message passing of DESIGN section 7)', () => {
  it('gives a lone company its own risk', () => {
    const result = cascade(1, [], [0.3], 0.8);
    expect(result.p[0]).toBeCloseTo(0.3, 12);
    expect(result.converged).toBe(true);
  });

  it('computes a two-company pair by hand', () => {
    // r = (0.2, 0.5), α = 0.5, w_01 = 0.8, w_10 = 0.4.
    // m_1→0 = r_1 = 0.5 (company 1 has no other neighbour); p_0 = 1 − 0.8·(1 − 0.5·0.8·0.5) = 1 − 0.8·0.8 = 0.36.
    // m_0→1 = r_0 = 0.2; p_1 = 1 − 0.5·(1 − 0.5·0.4·0.2) = 1 − 0.5·0.96 = 0.52.
    const result = cascade(2, [[0, 1, 0.8, 0.4]], [0.2, 0.5], 0.5);
    expect(result.p[0]).toBeCloseTo(0.36, 12);
    expect(result.p[1]).toBeCloseTo(0.52, 12);
  });

  it('computes a three-company chain by hand, leaving out the echo along the same pair', () => {
    // 0 — 1 — 2, α = 1, r = (0.5, 0, 0), w_10 = 0.5, w_21 = 1, w_01 = 1, w_12 = 0.5.
    // m_0→1 = 0.5; m_1→2 = 1 − 1·(1 − 1·0.5·0.5) = 0.25; p_2 = 1 − (1 − 1·1·0.25) = 0.25.
    // p_1 = 1 − (1 − 0.5·0.5)(1 − 0.5·m_2→1) with m_2→1 = r_2 = 0 → 0.25.
    // p_0 = 0.5 + 0.5 · (α·w_01·m_1→0) with m_1→0 = 1 − (1 − 0.5·0) = 0 → 0.5.
    const result = cascade(3, [[0, 1, 1, 0.5], [1, 2, 0.5, 1]], [0.5, 0, 0], 1);
    expect(Array.from(result.p)).toEqual([0.5, 0.25, 0.25].map((x) => expect.closeTo(x, 12)));
  });

  it('handles a factor of exactly zero (α·w·m = 1) without dividing by it', () => {
    // Company 1 is lost (r = 1) and company 0 sends all its deliveries to it with α = 1: 0 is lost too.
    // Company 2 depends half on 0: m_0→2 = 1 − (1 − 0)·(1 − 1·1·m_1→0) = 1, so p_2 = 1 − (1 − 0.5) = 0.5.
    // Company 1's message from 0 leaves out the zero factor of the pair 0–1 itself: m_0→1 = 1 − (1 − 1·0.5·m_2→0) = 0.
    const result = cascade(3, [[0, 1, 1, 0.3], [0, 2, 0.5, 0.5]], [0, 1, 0], 1);
    expect(result.p[0]).toBe(1);
    expect(result.p[1]).toBe(1);
    expect(result.p[2]).toBeCloseTo(0.5, 12);
    expect(Array.from(result.p).every(Number.isFinite)).toBe(true);
  });

  it('handles a company with two zero factors', () => {
    // 0 depends wholly on 1 and on 2? Shares cannot exceed 1 in total, but the function must stay finite for any input in range.
    const result = cascade(4, [[0, 1, 1, 1], [0, 2, 1, 1], [0, 3, 0.5, 1]], [0, 1, 1, 0], 1);
    expect(result.p[0]).toBe(1);
    expect(result.p[3]).toBe(1);
    expect(Array.from(result.p).every(Number.isFinite)).toBe(true);
  });

  it('gives p = 0 everywhere when r = 0 everywhere', () => {
    const random = rng(3);
    const n = 30;
    const pairs = withShareWeights(n, randomGraphPairs(n, 60, random), random);
    const result = cascade(n, pairs, new Array(n).fill(0), 1);
    expect(Math.max(...result.p)).toBe(0);
  });

  it('gives p = r when α = 0', () => {
    const random = rng(4);
    const n = 30;
    const pairs = withShareWeights(n, randomGraphPairs(n, 60, random), random);
    const r = Array.from({ length: n }, () => random());
    const result = cascade(n, pairs, r, 0);
    r.forEach((ri, i) => expect(result.p[i]).toBeCloseTo(ri, 14));
  });

  it('is exact on trees: equal to the enumeration of every outcome of the independent cascade', () => {
    const random = rng(11);
    for (const n of [2, 3, 4, 5, 6, 6, 7]) {
      const pairs = randomTree(n, random);
      const r = Array.from({ length: n }, () => Math.round(random() * 100) / 100);
      const alpha = 0.3 + 0.7 * random();
      const exact = enumerate(n, pairs, r, alpha);
      const result = cascade(n, pairs, r, alpha);
      exact.forEach((pi, i) => expect(result.p[i]).toBeCloseTo(pi, 10));
    }
  });

  it('is exact on a forest of two trees and a lone company', () => {
    const pairs: Pair[] = [[0, 1, 0.7, 0.9], [1, 2, 0.3, 1], [3, 4, 1, 0.6]];
    const r = [0.1, 0.4, 0.2, 0.5, 0.05, 0.33];
    const exact = enumerate(6, pairs, r, 0.9);
    const result = cascade(6, pairs, r, 0.9);
    exact.forEach((pi, i) => expect(result.p[i]).toBeCloseTo(pi, 10));
    expect(result.p[5]).toBeCloseTo(0.33, 12);
  });

  it('treats a company that is both shipper and consignee as one node with both directions of its pairs summed', () => {
    // A ships to B and B ships to A: one pair of nodes. A sends 6 to B, receives 2 from B, and 2 more elsewhere (C):
    // w_AB = 8/10; B's 8 deliveries all run with A: w_BA = 1; C's 2 all with A: w_CA = 1, w_AC = 0.2.
    const pairs: Pair[] = [[0, 1, 0.8, 1], [0, 2, 0.2, 1]];
    const r = [0.1, 0.6, 0.3];
    const exact = enumerate(3, pairs, r, 0.5);
    const result = cascade(3, pairs, r, 0.5);
    exact.forEach((pi, i) => expect(result.p[i]).toBeCloseTo(pi, 10));
  });

  it('converges on a cycle to the fixed point of the equations', () => {
    // Triangle with every w = 0.5, r = 0.2, α = 1. By symmetry every message is m with m = 1 − 0.8·(1 − 0.5m);
    // so m = 0.2 + 0.4m → m = 1/3, and p = 1 − 0.8·(1 − 0.5/3)² = 1 − 0.8·(25/36) = 4/9.
    const result = cascade(3, [[0, 1, 0.5, 0.5], [1, 2, 0.5, 0.5], [2, 0, 0.5, 0.5]], [0.2, 0.2, 0.2], 1);
    expect(result.converged).toBe(true);
    for (let i = 0; i < 3; i++) expect(result.p[i]).toBeCloseTo(4 / 9, 10);
    for (const m of [...result.toA, ...result.toB]) expect(m).toBeCloseTo(1 / 3, 10);
  });

  it('reports when it stops before the tolerance', () => {
    const result = runCascade(3, edges([[0, 1, 0.5, 0.5], [1, 2, 0.5, 0.5], [2, 0, 0.5, 0.5]]), Float64Array.from([0.2, 0.2, 0.2]), {
      alpha: 1, tolerance: 1e-15, maxIterations: 3,
    });
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
  });

  it('matches a Monte Carlo simulation of the same cascade on random graphs with cycles', () => {
    // Tolerance 0.01 on every company. Sampling: 200,000 runs give a standard error of at most
    // 0.5/√200000 ≈ 0.0011, so 4σ ≈ 0.0045 covers the Monte Carlo noise. Approximation: message passing is
    // exact only on trees; on a cycle a company's influence can come back to it around the loop (not along
    // the same pair), which these equations count as independent. That echo is a product of α·w·m terms
    // around a cycle of 3+ pairs (α = 0.6, shares split over ~3 pairs each, m ≤ 0.4), of order 0.2³·0.4 ≈ 0.003.
    // 0.0045 + 0.003 < 0.01; the observed largest gap on these graphs is 0.0031.
    const random = rng(2026);
    for (let g = 0; g < 3; g++) {
      const n = 12;
      const pairs = withShareWeights(n, randomGraphPairs(n, 18, random), random);
      const r = Array.from({ length: n }, () => 0.05 + 0.3 * random());
      const alpha = 0.6;
      const result = cascade(n, pairs, r, alpha);
      const simulated = simulate(n, pairs, r, alpha, 200_000, 7 + g);
      simulated.forEach((pi, i) => expect(Math.abs(result.p[i]! - pi)).toBeLessThan(0.01));
    }
  });

  it('never lowers any p when one r is raised (monotonicity) on random graphs', () => {
    const random = rng(77);
    for (let g = 0; g < 20; g++) {
      const n = 25;
      const pairs = withShareWeights(n, randomGraphPairs(n, 50, random), random);
      const r = Array.from({ length: n }, () => random() * 0.5);
      const alpha = random();
      const before = cascade(n, pairs, r, alpha);
      const raised = r.slice();
      const who = Math.floor(random() * n);
      raised[who] = raised[who]! + (1 - raised[who]!) * random();
      const after = cascade(n, pairs, raised, alpha);
      for (let i = 0; i < n; i++) expect(after.p[i]!).toBeGreaterThanOrEqual(before.p[i]! - 1e-12);
      expect(after.p[who]!).toBeGreaterThanOrEqual(raised[who]! - 1e-12);
    }
  });

  it('names the neighbours that contribute most, with the pair and its weight', () => {
    // Hub 0 with neighbours 1 (w 0.5, r 0.4), 2 (w 0.3, r 0.9), 3 (w 0.2, r 0.1); α = 1; leaves have no other pairs,
    // so m_j→0 = r_j and contagion = w·r: 0.2, 0.27, 0.02.
    const result = cascade(4, [[0, 1, 0.5, 1], [0, 2, 0.3, 1], [3, 0, 1, 0.2]], [0, 0.4, 0.9, 0.1], 1);
    const top = topNeighbours(result, 2)[0];
    expect(top).toEqual([
      { node: 2, edge: 1, weight: 0.3, message: expect.closeTo(0.9, 12), contagion: expect.closeTo(0.27, 12) },
      { node: 1, edge: 0, weight: 0.5, message: expect.closeTo(0.4, 12), contagion: expect.closeTo(0.2, 12) },
    ]);
    // Leaf 3 (its pair is listed as 3–0, w_30 = 1) hears from the hub m_0→3 = 1 − (1 − 0.5·0.4)(1 − 0.3·0.9) = 0.416.
    expect(topNeighbours(result, 5)[3]).toEqual([
      { node: 0, edge: 2, weight: 1, message: expect.closeTo(0.416, 12), contagion: expect.closeTo(0.416, 12) },
    ]);
  });

  it('answers a what-if with the same function: a lost shipper takes its dependent consignee with it', () => {
    // Consignee 1 receives everything from shipper 0 (w_10 = 1); α = 0.7. Losing 0 → p_1 = 1 − 0.9·(1 − 0.7) = 0.73.
    const r = withOverrides(Float64Array.from([0.2, 0.1]), [[0, 1]]);
    const result = runCascade(2, edges([[0, 1, 0.4, 1]]), r, { alpha: 0.7 });
    expect(result.p[0]).toBe(1);
    expect(result.p[1]).toBeCloseTo(0.73, 10);
  });

  it('rejects input outside its domain', () => {
    const r = Float64Array.from([0.1, 0.2]);
    expect(() => runCascade(2, edges([[0, 0, 0.5, 0.5]]), r, { alpha: 0.5 })).toThrow(RangeError);
    expect(() => runCascade(2, edges([[0, 2, 0.5, 0.5]]), r, { alpha: 0.5 })).toThrow(RangeError);
    expect(() => runCascade(2, edges([[0, 1, 1.5, 0.5]]), r, { alpha: 0.5 })).toThrow(RangeError);
    const pair = edges([[0, 1, 0.5, 0.5]]);
    expect(() => runCascade(2, pair, Float64Array.from([0.1, 1.2]), { alpha: 0.5 })).toThrow(RangeError);
    expect(() => runCascade(2, pair, r, { alpha: -0.1 })).toThrow(RangeError);
    expect(() => runCascade(2, pair, Float64Array.from([0.1]), { alpha: 0.5 })).toThrow(RangeError);
    expect(() => withOverrides(Float64Array.from([0.1, 0.2]), [[1, 2]])).toThrow(RangeError);
    expect(() => withOverrides(Float64Array.from([0.1, 0.2]), [[5, 1]])).toThrow(RangeError);
  });
});

/** Random distinct pairs on n nodes: a spanning tree plus extra pairs, which close cycles. */
function randomGraphPairs(n: number, m: number, random: () => number): Pair[] {
  const seen = new Set<string>();
  const pairs: Pair[] = [];
  const add = (a: number, b: number) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b, 0, 0]);
  };
  for (let i = 1; i < n; i++) add(Math.floor(random() * i), i);
  while (pairs.length < m) add(Math.floor(random() * n), Math.floor(random() * n));
  return pairs;
}
