import { describe, expect, it } from 'vitest';
import { clv, clvPerpetual, retentionBudget } from '../../api/domain/clv';

describe('clv', () => {
  it('matches the DESIGN.md check values (m = 100, r = 0.8, d = 0.1)', () => {
    expect(clv(100, 0.8, 0.1, 5)).toBeCloseTo(212.41, 2);
    expect(clv(100, 0.8, 0.1, 10)).toBeCloseTo(255.63, 2);
    expect(clvPerpetual(100, 0.8, 0.1)).toBeCloseTo(266.67, 2);
  });

  it('sums the discounted retained margins year by year (worked example m = 1000, r = 0.9, d = 0.08, T = 3)', () => {
    // year 1: 1000·0.9/1.08 = 833.333…; year 2: 1000·0.81/1.1664 = 694.444…; year 3: 1000·0.729/1.259712 = 578.703…
    const byHand = 833.3333333 + 694.4444444 + 578.7037037;
    expect(clv(1000, 0.9, 0.08, 3)).toBeCloseTo(byHand, 5);
  });

  it('tends to the perpetual limit as the horizon grows', () => {
    expect(clv(100, 0.8, 0.1, 200)).toBeCloseTo(clvPerpetual(100, 0.8, 0.1), 8);
  });

  it('is zero with no horizon or no retention, and negative for a loss-making customer', () => {
    expect(clv(100, 0.8, 0.1, 0)).toBe(0);
    expect(clv(100, 0, 0.1, 5)).toBe(0);
    expect(clv(-100, 0.8, 0.1, 5)).toBeCloseTo(-212.41, 2);
  });

  it('handles r = 1 + d (every year worth m) without dividing by zero', () => {
    expect(clv(50, 1, 0, 4)).toBe(200);
  });

  it('rejects impossible inputs', () => {
    expect(() => clv(100, 1.2, 0.1, 5)).toThrow(RangeError);
    expect(() => clv(100, -0.1, 0.1, 5)).toThrow(RangeError);
    expect(() => clv(100, 0.8, 0.1, 2.5)).toThrow(RangeError);
    expect(() => clvPerpetual(100, 1, 0)).toThrow(RangeError);
  });
});

describe('retentionBudget', () => {
  it('is churn probability × CLV, and never negative', () => {
    expect(retentionBudget(0.25, 212.41)).toBeCloseTo(53.1025, 6);
    expect(retentionBudget(0.5, -100)).toBe(0);
  });
});
