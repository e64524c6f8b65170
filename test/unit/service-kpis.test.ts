import { describe, expect, it } from 'vitest';
import { addCounts, emptyCounts, mergeHistograms, percentileFromHistogram, serviceKpis } from '../../api/domain/service-kpis';

describe('serviceKpis', () => {
  it('divides each count by the due count and the damage by the pieces delivered', () => {
    const k = serviceKpis({
      ...emptyCounts(), shipments: 12, due: 10, delivered: 8, onTime: 7, inFull: 6, otif: 5, perfect: 4,
      piecesExpected: 40, piecesDelivered: 32, damagedPieces: 2, transitCount: 4, transitHoursSum: 90, revenue: 1000.5, cost: 600.25,
    });
    expect(k).toMatchObject({
      shipments: 12, due: 10, onTimeRate: 0.7, inFullRate: 0.6, otifRate: 0.5, perfectRate: 0.4,
      damageRate: 2 / 32, avgTransitHours: 22.5, revenue: 1000.5, cost: 600.25, margin: 400.25,
    });
    expect(k.marginRate).toBeCloseTo(400.25 / 1000.5, 12);
  });

  it('gives null rates rather than 0 or 1 when nothing is due, delivered or timed', () => {
    const k = serviceKpis({ ...emptyCounts(), shipments: 3 });
    expect(k).toMatchObject({
      onTimeRate: null, inFullRate: null, otifRate: null, perfectRate: null, damageRate: null,
      avgTransitHours: null, p95TransitHours: null, marginRate: null, margin: 0,
    });
  });

  it('adds counts field by field', () => {
    const a = { ...emptyCounts(), due: 2, onTime: 1, revenue: 10 };
    const b = { ...emptyCounts(), due: 3, onTime: 3, cost: 4 };
    expect(addCounts(a, b)).toEqual({ ...emptyCounts(), due: 5, onTime: 4, revenue: 10, cost: 4 });
  });
});

describe('percentileFromHistogram', () => {
  it('returns the bucket of the ⌈0.95·n⌉-th smallest value', () => {
    // 20 values: 19 in hour 10, one in hour 50 → rank ⌈19⌉ = 19 falls in hour 10
    expect(percentileFromHistogram(new Map([[10, 19], [50, 1]]), 0.95)).toBe(10);
    // 20 values: 18 in hour 10, two in hour 50 → rank 19 falls in hour 50
    expect(percentileFromHistogram(new Map([[50, 2], [10, 18]]), 0.95)).toBe(50);
    // 21 values: rank ⌈19.95⌉ = 20; 19 in hour 3, 2 in hour 7 → hour 7
    expect(percentileFromHistogram(new Map([[3, 19], [7, 2]]), 0.95)).toBe(7);
  });

  it('takes the only value of a single-value histogram and null of an empty one', () => {
    expect(percentileFromHistogram(new Map([[24, 1]]), 0.95)).toBe(24);
    expect(percentileFromHistogram(new Map(), 0.95)).toBeNull();
  });

  it('merges histograms bucket by bucket', () => {
    const merged = mergeHistograms(new Map([[1, 2]]), new Map([[1, 3], [4, 1]]));
    expect([...merged.entries()].sort()).toEqual([[1, 5], [4, 1]]);
  });
});
