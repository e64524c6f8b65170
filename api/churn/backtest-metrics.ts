/**
 * Metrics of a churn backtest (DESIGN.md §7 "Trust"): pure functions over predicted probabilities and
 * observed outcomes (1 = left within the horizon, 0 = stayed). No database.
 */
export { auc } from './logistic-fit';

/** Brier score: mean of (p − y)²; 0 is perfect, 0.25 is a coin toss at 50 %. null on an empty sample. */
export function brier(predicted: readonly number[], labels: readonly number[]): number | null {
  if (predicted.length === 0) return null;
  let sum = 0;
  predicted.forEach((p, i) => { sum += (p - labels[i]!) ** 2; });
  return sum / predicted.length;
}

/**
 * Order by predicted probability, highest first; ties keep the input order (a stable sort), so the caller
 * decides who wins a tie by the order it passes.
 */
function byRiskDesc(predicted: readonly number[]): number[] {
  return predicted.map((_, i) => i).sort((x, y) => predicted[y]! - predicted[x]! || x - y);
}

/**
 * Lift in the top decile: the departure rate among the ceil(n/10) highest-scored companies over the rate of
 * all. 1 = no better than chance; null without departures.
 */
export function topDecileLift(predicted: readonly number[], labels: readonly number[]): { size: number; departures: number; lift: number | null } {
  const n = predicted.length;
  const size = Math.ceil(n / 10);
  const total = labels.reduce((s, y) => s + y, 0);
  const order = byRiskDesc(predicted);
  let departures = 0;
  for (let k = 0; k < size; k++) departures += labels[order[k]!]!;
  return { size, departures, lift: total === 0 || size === 0 ? null : (departures / size) / (total / n) };
}

export interface DecileBin {
  /** 1 = the highest-scored tenth */
  decile: number;
  count: number;
  meanPredicted: number | null;
  observed: number | null;
  departures: number;
}

/**
 * Calibration by deciles of predicted risk (highest first): n companies sorted by p, split into ten groups of
 * floor(n/10) or ceil(n/10) (the first n mod 10 groups take one more); each group's mean predicted probability
 * against its observed departure rate. Empty groups (n < 10) have null means.
 */
export function calibrationDeciles(predicted: readonly number[], labels: readonly number[]): DecileBin[] {
  const n = predicted.length;
  const order = byRiskDesc(predicted);
  const base = Math.floor(n / 10);
  const extra = n % 10;
  const bins: DecileBin[] = [];
  let at = 0;
  for (let d = 0; d < 10; d++) {
    const count = base + (d < extra ? 1 : 0);
    let p = 0;
    let y = 0;
    for (let k = at; k < at + count; k++) { p += predicted[order[k]!]!; y += labels[order[k]!]!; }
    at += count;
    bins.push({ decile: d + 1, count, meanPredicted: count ? p / count : null, observed: count ? y / count : null, departures: y });
  }
  return bins;
}
