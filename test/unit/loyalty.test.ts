import { describe, expect, it } from 'vitest';
import { loyaltyIndex, DEFAULT_LOYALTY_SETTINGS } from '../../api/domain/loyalty';

describe('loyaltyIndex', () => {
  it('shows each component and averages their scores', () => {
    const r = loyaltyIndex({
      durationYears: 2.5, activeMonths: 9, volumeChange: -0.2, shipments12m: 600, estAnnualShipments: 1000, serviceLines: 2, satisfaction: 4,
    }, DEFAULT_LOYALTY_SETTINGS);
    // duration 2.5/5 = 0.5; frequency 9/12 = 0.75; trend 0.5 − 0.1 = 0.4; wallet 0.6; lines 2/3; satisfaction 3/4 = 0.75
    const byKey = Object.fromEntries(r.components.map((c) => [c.key, c]));
    expect(byKey.duration).toEqual({ key: 'duration', value: 2.5, score: 0.5, weight: 1 });
    expect(byKey.frequency.score).toBe(0.75);
    expect(byKey.frequencyTrend.score).toBeCloseTo(0.4, 12);
    expect(byKey.shareOfWallet).toMatchObject({ value: 0.6, score: 0.6 });
    expect(byKey.serviceLines.score).toBeCloseTo(2 / 3, 12);
    expect(byKey.satisfaction.score).toBe(0.75);
    expect(r.index).toBeCloseTo(((0.5 + 0.75 + 0.4 + 0.6 + 2 / 3 + 0.75) / 6) * 100, 10);
  });

  it('leaves out what cannot be measured and caps scores at 1', () => {
    const r = loyaltyIndex({
      durationYears: 10, activeMonths: 12, volumeChange: null, shipments12m: 500, estAnnualShipments: null, serviceLines: 5, satisfaction: null,
    }, DEFAULT_LOYALTY_SETTINGS);
    expect(r.components.filter((c) => c.score === null).map((c) => c.key)).toEqual(['frequencyTrend', 'shareOfWallet', 'satisfaction']);
    expect(r.index).toBe(100);
  });

  it('follows the component weights', () => {
    const weights = { duration: 3, frequency: 1, frequencyTrend: 0, shareOfWallet: 0, serviceLines: 0, satisfaction: 0 };
    const r = loyaltyIndex({
      durationYears: 5, activeMonths: 0, volumeChange: 0, shipments12m: 0, estAnnualShipments: 10, serviceLines: 0, satisfaction: 1,
    }, { ...DEFAULT_LOYALTY_SETTINGS, weights });
    expect(r.index).toBe(75); // (3·1 + 1·0) / 4
  });

  it('has no index for a prospect with nothing measurable weighted', () => {
    const weights = { duration: 1, frequency: 0, frequencyTrend: 0, shareOfWallet: 0, serviceLines: 0, satisfaction: 0 };
    expect(loyaltyIndex({
      durationYears: null, activeMonths: 0, volumeChange: null, shipments12m: 0, estAnnualShipments: null, serviceLines: 0, satisfaction: null,
    }, { ...DEFAULT_LOYALTY_SETTINGS, weights }).index).toBeNull();
  });
});
