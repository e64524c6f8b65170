/**
 * L2-regularised logistic regression by Newton's method (iteratively reweighted least squares), with the
 * measures used to judge a churn model on held-out data: AUC and calibration bins. The intercept is not
 * penalised. Small dense problems only (a dozen features): each step solves a (d+1)² system.
 */
import { logistic } from './signals';

export interface FitResult {
  /** intercept first, then one weight per feature */
  weights: number[];
  iterations: number;
  converged: boolean;
}

export function fitLogistic(x: readonly number[][], y: readonly number[], lambda: number, maxIterations = 100, tolerance = 1e-10): FitResult {
  if (x.length !== y.length) throw new RangeError('x and y differ in length.');
  if (!(lambda >= 0)) throw new RangeError('lambda must be ≥ 0.');
  const d = (x[0]?.length ?? 0) + 1;
  const w = new Array<number>(d).fill(0);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const gradient = w.map((wj, j) => (j === 0 ? 0 : lambda * wj));
    const hessian = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k && j > 0 ? lambda : 0)));
    for (let i = 0; i < x.length; i++) {
      const row = [1, ...x[i]!];
      const p = logistic(row.reduce((sum, v, j) => sum + v * w[j]!, 0));
      const s = p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j]! += (p - y[i]!) * row[j]!;
        for (let k = 0; k < d; k++) hessian[j]![k]! += s * row[j]! * row[k]!;
      }
    }
    for (let j = 0; j < d; j++) hessian[j]![j]! += 1e-9;
    const step = solve(hessian, gradient);
    let size = 0;
    for (let j = 0; j < d; j++) { w[j]! -= step[j]!; size = Math.max(size, Math.abs(step[j]!)); }
    if (size < tolerance) { converged = true; break; }
  }
  return { weights: w, iterations, converged };
}

/** Solves A·z = b by Gaussian elimination with partial pivoting (A is copied). */
export function solve(matrix: readonly number[][], rhs: readonly number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-300) throw new RangeError('Singular system.');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let row = col + 1; row < n; row++) {
      const factor = a[row]![col]! / a[col]![col]!;
      for (let k = col; k <= n; k++) a[row]![k]! -= factor * a[col]![k]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * z[k]!;
    z[row] = sum / a[row]![row]!;
  }
  return z;
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (Mann–Whitney). null when either class is empty.
 */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  const order = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  const positives = order.filter((o) => o.y === 1).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]!.y === 1) rankSum += midRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  /** mean predicted probability in the bin */
  predicted: number | null;
  /** observed share of positives in the bin */
  observed: number | null;
}

/** Equal-width bins of predicted probability with the observed rate in each. */
export function calibration(predicted: readonly number[], labels: readonly number[], bins = 5): CalibrationBin[] {
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, b) => ({ from: b / bins, to: (b + 1) / bins, count: 0, predicted: 0, observed: 0 }));
  predicted.forEach((p, i) => {
    const bin = out[Math.min(bins - 1, Math.floor(p * bins))]!;
    bin.count++;
    bin.predicted! += p;
    bin.observed! += labels[i]!;
  });
  return out.map((b) => (b.count === 0 ? { ...b, predicted: null, observed: null } : { ...b, predicted: b.predicted! / b.count, observed: b.observed! / b.count }));
}

/** Deterministic held-out split: a company is held out when (id × 2654435761 mod 2³²) falls in the last fifth. */
export function isHeldOut(id: number, share = 0.2): boolean {
  return ((Math.imul(id, 2654435761) >>> 0) / 4294967296) >= 1 - share;
}
