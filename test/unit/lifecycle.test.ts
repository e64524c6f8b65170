import { describe, expect, it } from 'vitest';
import { lifecycleStage, DEFAULT_LIFECYCLE_THRESHOLDS, type LifecycleInput } from '../../api/domain/lifecycle';

// defaults: development below 180 days of tenure, growth at +15 %, decline at −15 %, terminated after 180 idle days
const t = DEFAULT_LIFECYCLE_THRESHOLDS;
const base: LifecycleInput = {
  asOf: '2026-11-25', customerSince: '2024-01-01', terminated: false,
  firstShipmentDay: '2024-01-10', lastShipmentDay: '2026-11-24', recent90: 100, previous90: 100,
};

describe('lifecycleStage', () => {
  it('is prospect before the first shipment', () => {
    expect(lifecycleStage({ ...base, firstShipmentDay: null, lastShipmentDay: null, recent90: 0, previous90: 0 }, t)).toBe('prospect');
  });
  it('is development while tenure is short, whatever the volume does', () => {
    expect(lifecycleStage({ ...base, customerSince: '2026-06-01', firstShipmentDay: '2026-06-01', recent90: 10, previous90: 100 }, t)).toBe('development');
  });
  it('takes tenure from the first shipment when customer_since is missing or later', () => {
    expect(lifecycleStage({ ...base, customerSince: null, firstShipmentDay: '2026-05-30' }, t)).toBe('development'); // 179 days
    expect(lifecycleStage({ ...base, customerSince: null, firstShipmentDay: '2026-05-29' }, t)).toBe('maturity'); // 180 days
    expect(lifecycleStage({ ...base, customerSince: '2026-11-01', firstShipmentDay: '2024-01-10' }, t)).toBe('maturity');
  });
  it('is growth when the last 90 days rose by 15 % or more', () => {
    expect(lifecycleStage({ ...base, recent90: 115, previous90: 100 }, t)).toBe('growth');
    expect(lifecycleStage({ ...base, recent90: 114, previous90: 100 }, t)).toBe('maturity');
  });
  it('is growth when volume starts after a quiet spell', () => {
    expect(lifecycleStage({ ...base, recent90: 5, previous90: 0 }, t)).toBe('growth');
  });
  it('is decline when the last 90 days fell by 15 % or more', () => {
    expect(lifecycleStage({ ...base, recent90: 85, previous90: 100 }, t)).toBe('decline');
    expect(lifecycleStage({ ...base, recent90: 86, previous90: 100 }, t)).toBe('maturity');
  });
  it('is terminated when terminated_at has passed, even with volume', () => {
    expect(lifecycleStage({ ...base, terminated: true }, t)).toBe('terminated');
  });
  it('is terminated after 180 days without a shipment', () => {
    expect(lifecycleStage({ ...base, lastShipmentDay: '2026-05-29', recent90: 0, previous90: 0 }, t)).toBe('terminated');
    expect(lifecycleStage({ ...base, lastShipmentDay: '2026-05-30', recent90: 0, previous90: 3 }, t)).toBe('decline');
  });
  it('follows its thresholds', () => {
    expect(lifecycleStage({ ...base, recent90: 110, previous90: 100 }, { ...t, growthRate: 0.1 })).toBe('growth');
    expect(lifecycleStage({ ...base, customerSince: '2025-01-01', firstShipmentDay: '2025-01-05' }, { ...t, developmentDays: 730 })).toBe('development');
  });
});
