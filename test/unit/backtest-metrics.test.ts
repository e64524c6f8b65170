import { describe, expect, it } from 'vitest';
import { auc, brier, calibrationDeciles, topDecileLift } from '../../api/churn/backtest-metrics';

describe('backtest metrics on hand-computed examples', () => {
  it('AUC counts the pairs (positive, negative) ranked right, ties one half', () => {
    // positives 0.9, 0.4; negatives 0.5, 0.1: pairs (0.9>0.5) (0.9>0.1) (0.4<0.5) (0.4>0.1) → 3/4
    expect(auc([0.9, 0.5, 0.4, 0.1], [1, 0, 1, 0])).toBe(0.75);
    // one tie (0.5 vs 0.5) of 2 pairs: (1 + 0.5) / 2
    expect(auc([0.5, 0.5, 0.2], [1, 0, 0])).toBe(0.75);
    expect(auc([0.3, 0.2], [0, 0])).toBeNull();
  });

  it('Brier is the mean squared error of the probabilities', () => {
    // (0.8−1)² + (0.3−0)² + (0.5−1)² = 0.04 + 0.09 + 0.25 = 0.38, / 3
    expect(brier([0.8, 0.3, 0.5], [1, 0, 1])).toBeCloseTo(0.38 / 3, 12);
    expect(brier([], [])).toBeNull();
  });

  it('lift of the top decile: its departure rate over the overall rate', () => {
    // 20 companies, top decile = 2 highest (ids 0, 1); 1 departure among them, 4 in all:
    // (1/2) / (4/20) = 2.5
    const p = Array.from({ length: 20 }, (_, i) => 1 - i / 20);
    const y = p.map((_, i) => (i === 1 || i === 5 || i === 9 || i === 15 ? 1 : 0));
    expect(topDecileLift(p, y)).toEqual({ size: 2, departures: 1, lift: 2.5 });
    // 11 companies → top decile ceil(11/10) = 2
    expect(topDecileLift(Array(11).fill(0.1), Array(11).fill(0))).toEqual({ size: 2, departures: 0, lift: null });
  });

  it('calibration by deciles of predicted risk, highest first', () => {
    // 12 companies: deciles 1 and 2 take 2, the rest 1 each
    const p = [0.05, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.02, 0.01];
    const y = [0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0];
    const bins = calibrationDeciles(p, y);
    expect(bins.map((b) => b.count)).toEqual([2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(bins[0]).toEqual({ decile: 1, count: 2, meanPredicted: (0.9 + 0.8) / 2, observed: 0.5, departures: 1 });
    expect(bins[1]).toEqual({ decile: 2, count: 2, meanPredicted: (0.7 + 0.6) / 2, observed: 1, departures: 2 });
    expect(bins[7]).toEqual({ decile: 8, count: 1, meanPredicted: 0.05, observed: 0, departures: 0 });
    expect(bins[9]!.meanPredicted).toBe(0.01);
    // fewer than ten companies: empty deciles have no means
    expect(calibrationDeciles([0.4], [1])[1]).toEqual({ decile: 2, count: 0, meanPredicted: null, observed: null, departures: 0 });
  });
});
