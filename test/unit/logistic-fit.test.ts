import { describe, expect, it } from 'vitest';
import { auc, calibration, fitLogistic, isHeldOut, solve } from '../../api/churn/logistic-fit';

describe('logistic regression fit', () => {
  it('finds the maximum-likelihood weights of a case solvable by hand', () => {
    // x = 0: 1 of 4 churned; x = 1: 3 of 4 churned. MLE: b0 = logit(1/4) = −ln 3, b1 = logit(3/4) − logit(1/4) = 2 ln 3.
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const fit = fitLogistic(x, y, 0);
    expect(fit.converged).toBe(true);
    expect(fit.weights[0]).toBeCloseTo(-Math.log(3), 8);
    expect(fit.weights[1]).toBeCloseTo(2 * Math.log(3), 8);
  });

  it('shrinks the weights, not the intercept, under the L2 penalty', () => {
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const loose = fitLogistic(x, y, 0);
    const tight = fitLogistic(x, y, 100);
    expect(Math.abs(tight.weights[1]!)).toBeLessThan(Math.abs(loose.weights[1]!) / 10);
    // With the slope near 0, the intercept fits the overall rate 1/2: logit(0.5) = 0 (up to the tiny slope).
    expect(tight.weights[0]).toBeCloseTo(-tight.weights[1]! / 2, 6);
  });

  it('solves a linear system', () => {
    const z = solve([[2, 1], [1, 3]], [3, 5]);
    expect(z[0]).toBeCloseTo(0.8, 12);
    expect(z[1]).toBeCloseTo(1.4, 12);
  });

  it('computes AUC as the chance a positive outscores a negative, ties counting half', () => {
    // positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 > both → 3/4
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('bins predictions against the observed rate', () => {
    expect(calibration([0.1, 0.15, 0.9, 1], [0, 1, 1, 1], 2)).toEqual([
      { from: 0, to: 0.5, count: 2, predicted: 0.125, observed: 0.5 },
      { from: 0.5, to: 1, count: 2, predicted: 0.95, observed: 1 },
    ]);
    expect(calibration([], [], 2)[0]).toEqual({ from: 0, to: 0.5, count: 0, predicted: null, observed: null });
  });

  it('holds out the same companies every time, about a fifth of them', () => {
    const held = Array.from({ length: 10_000 }, (_, i) => isHeldOut(i + 1));
    const share = held.filter(Boolean).length / held.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    expect(Array.from({ length: 10_000 }, (_, i) => isHeldOut(i + 1))).toEqual(held);
  });
});
