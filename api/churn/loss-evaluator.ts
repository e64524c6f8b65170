import { runCascade, type CascadeResult, type PairEdges } from './cascade';
import type { ChurnGraph } from './graph';
import type { PairRevenue } from './exposure';

/**
 * Expected revenue lost (revenue at risk, counted on pairs as in exposure.ts) as a function of the direct risks,
 * evaluated locally: a change of a few companies' r moves the cascade's messages only near them (each hop is
 * damped by α·w), so instead of a new cascade over every pair the messages are updated from the baseline fixed
 * point outwards, node by node, until none moves by more than the tolerance, and the loss changes only on the
 * pairs whose messages moved. Same fixed point as runCascade (to the tolerance); cost grows with the
 * neighbourhood touched, not with the graph. Used by save first, which evaluates hundreds of such changes.
 */
export interface LossModel {
  n: number;
  edges: PairEdges;
  alpha: number;
  tolerance: number;
  /** per pair: 12-month revenue of both directions (lost when either side churns) */
  edgeRevenue: Float64Array;
  /** per node: revenue of its pairs with companies outside the graph (lost at the node's own p) */
  soloRevenue: Float64Array;
}

/** The loss model of a pair graph and its revenue rows (as pairRevenueAtRisk reads them). */
export function lossModel(rows: readonly PairRevenue[], graph: ChurnGraph, index: ReadonlyMap<number, number>, alpha: number, tolerance: number): LossModel {
  const m = graph.edges.a.length;
  const edgeOf = new Map<string, number>();
  graph.companyA.forEach((a, e) => edgeOf.set(`${a}:${graph.companyB[e]}`, e));
  const edgeRevenue = new Float64Array(m);
  const soloRevenue = new Float64Array(index.size);
  for (const row of rows) {
    if (row.shipperId === row.consigneeId || row.revenue === 0) continue;
    const s = index.get(row.shipperId);
    const c = index.get(row.consigneeId);
    if (s === undefined && c === undefined) continue;
    if (s === undefined || c === undefined) { soloRevenue[(s ?? c)!]! += row.revenue; continue; }
    const e = edgeOf.get(`${Math.min(row.shipperId, row.consigneeId)}:${Math.max(row.shipperId, row.consigneeId)}`);
    if (e !== undefined) edgeRevenue[e]! += row.revenue;
  }
  return { n: index.size, edges: graph.edges, alpha, tolerance, edgeRevenue, soloRevenue };
}

/** Revenue at risk of a cascade result: Σ pairs P(either side) × revenue + Σ nodes p × revenue with outside partners. */
export function totalLoss(model: LossModel, result: CascadeResult): number {
  let loss = 0;
  for (let e = 0; e < model.edgeRevenue.length; e++) {
    if (model.edgeRevenue[e] !== 0) loss += (1 - (1 - result.toA[e]!) * (1 - result.toB[e]!)) * model.edgeRevenue[e]!;
  }
  for (let i = 0; i < model.n; i++) if (model.soloRevenue[i] !== 0) loss += result.p[i]! * model.soloRevenue[i]!;
  return loss;
}

export interface LossEvaluator {
  baseline: CascadeResult;
  lossBefore: number;
  /** expected revenue lost for direct risks r (differing from the baseline's in a few places) */
  loss: (r: Float64Array) => number;
}

export function lossEvaluator(model: LossModel, r0: Float64Array): LossEvaluator {
  const { n, edges, alpha, tolerance } = model;
  const { a, b, wab, wba } = edges;
  const m = a.length;
  const baseline = runCascade(n, edges, r0, { alpha, tolerance });
  const lossBefore = totalLoss(model, baseline);
  // adjacency (CSR): for node x, the pairs it is on
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) { start[a[e]! + 1]!++; start[b[e]! + 1]!++; }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const adj = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) { adj[fill[a[e]!]!++] = e; adj[fill[b[e]!]!++] = e; }
  const toA = baseline.toA.slice();
  const toB = baseline.toB.slice();
  const queued = new Uint8Array(n);
  const touched = new Uint8Array(n);
  const factors: number[] = [];

  /** x's factor (1 − α·w_x,other·m_other→x) on pair e */
  const factor = (x: number, e: number) => (a[e] === x ? 1 - alpha * wab[e]! * toA[e]! : 1 - alpha * wba[e]! * toB[e]!);
  const pOf = (x: number, rx: number) => {
    let prod = 1;
    for (let k = start[x]!; k < start[x + 1]!; k++) prod *= Math.max(0, factor(x, adj[k]!));
    return 1 - (1 - rx) * prod;
  };

  const loss = (r: Float64Array) => {
    const queue: number[] = [];
    for (let i = 0; i < n; i++) if (r[i] !== r0[i]) { queue.push(i); queued[i] = 1; }
    if (queue.length === 0) return lossBefore;
    const changedEdges: number[] = [];
    const undoA: number[] = [];
    const undoB: number[] = [];
    const edgeSeen = new Set<number>();
    const nodes: number[] = [];
    let pops = 0;
    const limit = 200 * n + 1000;
    let head = 0;
    while (head < queue.length && pops++ < limit) {
      const j = queue[head++]!;
      queued[j] = 0;
      if (!touched[j]) { touched[j] = 1; nodes.push(j); }
      let prod = 1;
      let zeros = 0;
      factors.length = 0;
      for (let k = start[j]!; k < start[j + 1]!; k++) {
        const f = factor(j, adj[k]!);
        factors.push(f);
        if (f <= 0) zeros++; else prod *= f;
      }
      const keep = 1 - r[j]!;
      for (let k = start[j]!, q = 0; k < start[j + 1]!; k++, q++) {
        const e = adj[k]!;
        const own = factors[q]!;
        const rest = zeros === 0 ? prod / own : zeros === 1 && own <= 0 ? prod : 0;
        const next = 1 - keep * rest;
        const atA = a[e] === j; // j is side a: its message goes to b (toB)
        const old = atA ? toB[e]! : toA[e]!;
        if (Math.abs(next - old) <= tolerance) continue;
        if (!edgeSeen.has(e)) { edgeSeen.add(e); changedEdges.push(e); undoA.push(toA[e]!); undoB.push(toB[e]!); }
        if (atA) toB[e] = next; else toA[e] = next;
        const other = atA ? b[e]! : a[e]!;
        if (!touched[other]) { touched[other] = 1; nodes.push(other); }
        if (!queued[other]) { queued[other] = 1; queue.push(other); }
      }
    }
    let delta = 0;
    changedEdges.forEach((e, q) => {
      const rev = model.edgeRevenue[e]!;
      if (rev === 0) return;
      delta += ((1 - undoA[q]!) * (1 - undoB[q]!) - (1 - toA[e]!) * (1 - toB[e]!)) * rev;
    });
    for (const x of nodes) {
      if (model.soloRevenue[x] !== 0) delta += (pOf(x, r[x]!) - baseline.p[x]!) * model.soloRevenue[x]!;
      touched[x] = 0;
    }
    for (let q = head; q < queue.length; q++) queued[queue[q]!] = 0;
    changedEdges.forEach((e, q) => { toA[e] = undoA[q]!; toB[e] = undoB[q]!; });
    return lossBefore + delta;
  };
  return { baseline, lossBefore, loss };
}
