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

/** Undirected pairs: a[e]–b[e] with w_ab[e] (share of a's deliveries on the pair) and w_ba[e]. */
export interface PairEdges {
  a: Int32Array;
  b: Int32Array;
  wab: Float64Array;
  wba: Float64Array;
}

/**
 * Compressed adjacency: the half-edges of node i are offsets[i] .. offsets[i+1]−1. Half-edge h
 * points from its owner to target[h] with weight[h] = w_owner,target; reverse[h] is the half-edge
 * back; edge[h] is the index of the pair in the input list.
 */
export interface Csr {
  n: number;
  offsets: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  reverse: Int32Array;
  edge: Int32Array;
}

export interface CascadeOptions {
  /** contagion strength α ∈ [0, 1] */
  alpha: number;
  /** stop when no message moved by more than this in a round */
  tolerance?: number;
  maxIterations?: number;
}

export interface CascadeResult {
  csr: Csr;
  alpha: number;
  r: Float64Array;
  p: Float64Array;
  /** per half-edge h owned by i and pointing to j: the message m_j→i */
  messages: Float64Array;
  iterations: number;
  converged: boolean;
}

export const DEFAULT_TOLERANCE = 1e-9;
export const DEFAULT_MAX_ITERATIONS = 500;

const inUnit = (x: number) => x >= 0 && x <= 1;

/** Builds the adjacency of n nodes from a list of distinct undirected pairs (no self-pairs, no duplicates). */
export function buildCsr(n: number, edges: PairEdges): Csr {
  const m = edges.a.length;
  if (edges.b.length !== m || edges.wab.length !== m || edges.wba.length !== m) throw new RangeError('Edge arrays differ in length.');
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const a = edges.a[e]!;
    const b = edges.b[e]!;
    if (a < 0 || a >= n || b < 0 || b >= n) throw new RangeError(`Pair ${e} names a node outside 0..${n - 1}.`);
    if (a === b) throw new RangeError(`Pair ${e} joins node ${a} to itself.`);
    if (!inUnit(edges.wab[e]!) || !inUnit(edges.wba[e]!)) throw new RangeError(`Pair ${e} has a weight outside [0, 1].`);
    offsets[a + 1]!++;
    offsets[b + 1]!++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const h = 2 * m;
  const target = new Int32Array(h);
  const weight = new Float64Array(h);
  const reverse = new Int32Array(h);
  const edge = new Int32Array(h);
  const fill = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const a = edges.a[e]!;
    const b = edges.b[e]!;
    const ha = fill[a]!++;
    const hb = fill[b]!++;
    target[ha] = b; weight[ha] = edges.wab[e]!; edge[ha] = e; reverse[ha] = hb;
    target[hb] = a; weight[hb] = edges.wba[e]!; edge[hb] = e; reverse[hb] = ha;
  }
  return { n, offsets, target, weight, reverse, edge };
}

/**
 * Runs the message passing to the fixed point. The leave-one-out product Π_{k≠i} is the full product
 * of a node's factors divided by the factor of i, with factors of exactly zero (α·w·m = 1) counted
 * apart so no division by zero happens: with one zero factor, only the message along that pair
 * survives; with two or more, every message from that node is 1.
 */
export function runCascade(csr: Csr, r: Float64Array, options: CascadeOptions): CascadeResult {
  const { n, offsets, target, weight, reverse } = csr;
  const alpha = options.alpha;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!inUnit(alpha)) throw new RangeError('alpha must lie in [0, 1].');
  if (r.length !== n) throw new RangeError(`r has ${r.length} entries for ${n} nodes.`);
  for (let i = 0; i < n; i++) if (!inUnit(r[i]!)) throw new RangeError(`r[${i}] = ${r[i]} lies outside [0, 1].`);

  const h = target.length;
  const messages = new Float64Array(h);
  const factor = new Float64Array(h);
  const product = new Float64Array(n);
  const zeros = new Int32Array(n);

  const computeFactors = () => {
    for (let j = 0; j < n; j++) {
      let prod = 1;
      let z = 0;
      for (let f = offsets[j]!, end = offsets[j + 1]!; f < end; f++) {
        let x = 1 - alpha * weight[f]! * messages[f]!;
        if (x <= 0) { x = 0; z++; } else prod *= x;
        factor[f] = x;
      }
      product[j] = prod;
      zeros[j] = z;
    }
  };

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    computeFactors();
    let delta = 0;
    for (let i = 0; i < n; i++) {
      for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) {
        const j = target[e]!;
        const back = factor[reverse[e]!]!;
        const z = zeros[j]!;
        let rest: number;
        if (z === 0) rest = product[j]! / back;
        else if (z === 1 && back === 0) rest = product[j]!;
        else rest = 0;
        const next = 1 - (1 - r[j]!) * rest;
        const moved = Math.abs(next - messages[e]!);
        if (moved > delta) delta = moved;
        messages[e] = next;
      }
    }
    if (delta <= tolerance) { converged = true; break; }
  }

  computeFactors();
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = zeros[i]! > 0 ? 1 : 1 - (1 - r[i]!) * product[i]!;
  return { csr, alpha, r, p, messages, iterations, converged };
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

/** The k neighbours whose churn would most likely carry node i with them, strongest first. */
export function topNeighbours(result: CascadeResult, i: number, k: number): NeighbourContribution[] {
  const { offsets, target, weight, edge } = result.csr;
  const all: NeighbourContribution[] = [];
  for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) {
    const message = result.messages[e]!;
    all.push({ node: target[e]!, edge: edge[e]!, weight: weight[e]!, message, contagion: result.alpha * weight[e]! * message });
  }
  all.sort((x, y) => y.contagion - x.contagion || x.node - y.node);
  return all.slice(0, k);
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
