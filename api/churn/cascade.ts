/**
 * Cascading churn on the pair graph (DESIGN.md section 7).
 *
 * Each company i churns on its own with probability r_i; a churned neighbour j makes i churn with
 * probability α·w_ij, where w_ij is the share of i's deliveries that ran on the pair with j. The
 * churn probability p_i is the fixed point of message passing that leaves out the echo back along
 * the same pair:
 *
 *   m_j→i = 1 − (1 − r_j) · Π_{k ∈ N(j), k ≠ i} (1 − α · w_jk · m_k→j)
 *   p_i   = 1 − (1 − r_i) · Π_{j ∈ N(i)}        (1 − α · w_ij · m_j→i)
 *
 * The update is monotone in every message, so iterating from m = 0 rises to the least fixed point;
 * on a forest it is exact after (diameter) rounds. Cost per round is O(pairs).
 */

/**
 * Undirected pairs: a[e]–b[e] with wab[e] = w_ab (share of a's deliveries on the pair) and wba[e] = w_ba.
 * Pairs must be distinct and join two different companies (a company that is both shipper and consignee
 * of the same partner has one pair with the deliveries of both directions counted in its weights).
 */
export interface PairEdges {
  a: Int32Array;
  b: Int32Array;
  wab: Float64Array;
  wba: Float64Array;
}

export interface CascadeOptions {
  /** contagion strength α ∈ [0, 1] */
  alpha: number;
  /** stop when no message moved by more than this in a round */
  tolerance?: number;
  maxIterations?: number;
}

export interface CascadeResult {
  n: number;
  edges: PairEdges;
  alpha: number;
  r: Float64Array;
  p: Float64Array;
  /** toA[e] = m_b→a and toB[e] = m_a→b: what each side of pair e receives from the other */
  toA: Float64Array;
  toB: Float64Array;
  iterations: number;
  converged: boolean;
}

export const DEFAULT_TOLERANCE = 1e-9;
export const DEFAULT_MAX_ITERATIONS = 500;

const inUnit = (x: number) => x >= 0 && x <= 1;

function assertEdges(n: number, edges: PairEdges) {
  const m = edges.a.length;
  if (edges.b.length !== m || edges.wab.length !== m || edges.wba.length !== m) throw new RangeError('Edge arrays differ in length.');
  for (let e = 0; e < m; e++) {
    const a = edges.a[e]!;
    const b = edges.b[e]!;
    if (a < 0 || a >= n || b < 0 || b >= n) throw new RangeError(`Pair ${e} names a node outside 0..${n - 1}.`);
    if (a === b) throw new RangeError(`Pair ${e} joins node ${a} to itself.`);
    if (!inUnit(edges.wab[e]!) || !inUnit(edges.wba[e]!)) throw new RangeError(`Pair ${e} has a weight outside [0, 1].`);
  }
}

/**
 * Runs the message passing to the fixed point (Jacobi rounds from m = 0). Every message of a round is
 * derived from the per-company product of its sender's factors (1 − α·w·m) of the previous round, and the
 * products for the next round are multiplied up in the same pass. The leave-one-out product Π_{k≠i} is that product divided by the factor of i,
 * with factors of exactly zero (α·w·m = 1) counted apart so nothing is divided by zero: with one zero
 * factor only the message along that pair survives; with two or more every message from it is 1.
 * Pairs are streamed in order; only per-company arrays are accessed at random, so rounds stay in cache.
 */
export function runCascade(n: number, edges: PairEdges, r: Float64Array, options: CascadeOptions): CascadeResult {
  const alpha = options.alpha;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!inUnit(alpha)) throw new RangeError('alpha must lie in [0, 1].');
  if (r.length !== n) throw new RangeError(`r has ${r.length} entries for ${n} nodes.`);
  for (let i = 0; i < n; i++) if (!inUnit(r[i]!)) throw new RangeError(`r[${i}] = ${r[i]} lies outside [0, 1].`);
  assertEdges(n, edges);

  const { a, b, wab, wba } = edges;
  const m = a.length;
  const toA = new Float64Array(m);
  const toB = new Float64Array(m);
  // product[i] / zeros[i]: Π of i's non-zero factors (1 − α·w·m) and the count of its zero factors, for the
  // current messages; the next round's are accumulated while the messages are updated (one pass per round).
  let product = new Float64Array(n).fill(1);
  let zeros = new Int32Array(n);
  let nextProduct = new Float64Array(n);
  let nextZeros = new Int32Array(n);

  /** 1 − (1 − r_j)·Π_{k≠i} for sender j whose factor from the receiver i is `own` */
  const message = (j: number, own: number) => {
    const z = zeros[j]!;
    const rest = z === 0 ? product[j]! / own : z === 1 && own <= 0 ? product[j]! : 0;
    return 1 - (1 - r[j]!) * rest;
  };

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    nextProduct.fill(1);
    nextZeros.fill(0);
    let delta = 0;
    for (let e = 0; e < m; e++) {
      const ia = a[e]!;
      const ib = b[e]!;
      const wa = alpha * wab[e]!;
      const wb = alpha * wba[e]!;
      const nextToB = message(ia, 1 - wa * toA[e]!);
      const nextToA = message(ib, 1 - wb * toB[e]!);
      const db = Math.abs(nextToB - toB[e]!);
      const da = Math.abs(nextToA - toA[e]!);
      if (db > delta) delta = db;
      if (da > delta) delta = da;
      toB[e] = nextToB;
      toA[e] = nextToA;
      const fa = 1 - wa * nextToA;
      const fb = 1 - wb * nextToB;
      if (fa <= 0) nextZeros[ia]!++; else nextProduct[ia]! *= fa;
      if (fb <= 0) nextZeros[ib]!++; else nextProduct[ib]! *= fb;
    }
    [product, nextProduct] = [nextProduct, product];
    [zeros, nextZeros] = [nextZeros, zeros];
    if (delta <= tolerance) { converged = true; break; }
  }

  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = zeros[i]! > 0 ? 1 : 1 - (1 - r[i]!) * product[i]!;
  return { n, edges, alpha, r, p, toA, toB, iterations, converged };
}

export interface NeighbourContribution {
  /** the neighbour's node index */
  node: number;
  /** index of the pair in the input edge list */
  edge: number;
  /** w_ij from node i's side */
  weight: number;
  /** m_j→i */
  message: number;
  /** α · w_ij · m_j→i: the probability this neighbour alone makes i churn */
  contagion: number;
}

/**
 * For every node, the k neighbours whose churn would most likely carry it with them, strongest first
 * (ties: lower neighbour index). One pass over the pairs, O(pairs × k).
 */
export function topNeighbours(result: CascadeResult, k: number): NeighbourContribution[][] {
  const { n, edges, alpha, toA, toB } = result;
  const slots = new Int32Array(n * k).fill(-1);
  const side = new Uint8Array(n * k);
  const value = new Float64Array(n * k);
  const neighbour = new Int32Array(n * k);
  const offer = (i: number, j: number, e: number, fromA: 0 | 1, c: number) => {
    const base = i * k;
    let pos = k;
    while (pos > 0) {
      const prev = base + pos - 1;
      if (slots[prev]! >= 0 && (value[prev]! > c || (value[prev]! === c && neighbour[prev]! < j))) break;
      pos--;
    }
    if (pos === k) return;
    for (let q = base + k - 1; q > base + pos; q--) { slots[q] = slots[q - 1]!; side[q] = side[q - 1]!; value[q] = value[q - 1]!; neighbour[q] = neighbour[q - 1]!; }
    slots[base + pos] = e; side[base + pos] = fromA; value[base + pos] = c; neighbour[base + pos] = j;
  };
  for (let e = 0; e < edges.a.length; e++) {
    const ia = edges.a[e]!;
    const ib = edges.b[e]!;
    offer(ia, ib, e, 1, alpha * edges.wab[e]! * toA[e]!);
    offer(ib, ia, e, 0, alpha * edges.wba[e]! * toB[e]!);
  }
  const out: NeighbourContribution[][] = [];
  for (let i = 0; i < n; i++) {
    const list: NeighbourContribution[] = [];
    for (let q = i * k; q < i * k + k && slots[q]! >= 0; q++) {
      const e = slots[q]!;
      const atA = side[q] === 1;
      list.push({
        node: neighbour[q]!, edge: e, weight: atA ? edges.wab[e]! : edges.wba[e]!,
        message: atA ? toA[e]! : toB[e]!, contagion: value[q]!,
      });
    }
    out.push(list);
  }
  return out;
}

/** r with some entries replaced (what-if: 1 = the company is lost). */
export function withOverrides(r: Float64Array, overrides: Iterable<[number, number]>): Float64Array {
  const copy = r.slice();
  for (const [node, probability] of overrides) {
    if (node < 0 || node >= copy.length) throw new RangeError(`Node ${node} is outside 0..${copy.length - 1}.`);
    if (!inUnit(probability)) throw new RangeError(`Probability ${probability} lies outside [0, 1].`);
    copy[node] = probability;
  }
  return copy;
}
