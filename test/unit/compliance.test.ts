import { describe, expect, it } from 'vitest';
import { creditFor, monthCompliance, tierPercent, type ContractTerms } from '../../api/domain/compliance';

const terms: ContractTerms = {
  onTimeTarget: 0.95, inFullTarget: 0.98, otifTarget: 0.93, maxDamageRate: 0.01, maxAvgTransitHours: 48,
  creditTiers: [{ shortfall: 0, percent: 0.02 }, { shortfall: 0.05, percent: 0.05 }, { shortfall: 0.1, percent: 0.12 }],
  creditCapPercent: 0.1,
  monthlyFee: 10000,
  settlingDays: 3,
  minDueCount: 20,
};
const met = { due: 100, onTimeRate: 0.95, inFullRate: 0.98, otifRate: 0.93, damageRate: 0.01, avgTransitHours: 48 };

describe('monthCompliance', () => {
  it('finds no breach when every KPI meets its target exactly', () => {
    const m = monthCompliance(met, terms, 'closed');
    expect(m).toMatchObject({ breached: false, breaches: [], worstKpi: null, worstShortfall: 0, creditPercent: 0, creditAmount: 0 });
  });

  it('credits the lowest tier for a breach smaller than the next threshold', () => {
    // on-time 0.94 → shortfall 0.01; tier 0 applies: 2 % of 10,000
    const m = monthCompliance({ ...met, onTimeRate: 0.94 }, terms, 'closed');
    expect(m).toMatchObject({ breached: true, breaches: ['onTime'], worstKpi: 'onTime', worstShortfall: 0.01, creditPercent: 0.02, creditAmount: 200 });
  });

  it('applies the tier whose threshold equals the shortfall (0.95 − 0.90 is exactly 0.05)', () => {
    const m = monthCompliance({ ...met, onTimeRate: 0.9 }, terms, 'closed');
    expect(m.worstShortfall).toBe(0.05);
    expect(m).toMatchObject({ creditPercent: 0.05, creditAmount: 500 });
  });

  it('stays in the lower tier just below a threshold', () => {
    const m = monthCompliance({ ...met, onTimeRate: 0.9001 }, terms, 'closed');
    expect(m.worstShortfall).toBeCloseTo(0.0499, 10);
    expect(m.creditPercent).toBe(0.02);
  });

  it('caps the credit at credit_cap_percent', () => {
    // OTIF 0.80 → shortfall 0.13 → tier 0.12, capped at 0.10 → 1,000
    const m = monthCompliance({ ...met, otifRate: 0.8 }, terms, 'closed');
    expect(m).toMatchObject({ worstKpi: 'otif', worstShortfall: 0.13, creditPercent: 0.1, creditAmount: 1000 });
  });

  it('takes the worst of several breaches, including the damage rate and relative transit excess', () => {
    // damage 0.03 vs 0.01 → 0.02; transit 60 h vs 48 h → 0.25 relative; on-time 0.93 → 0.02
    const m = monthCompliance({ ...met, onTimeRate: 0.93, damageRate: 0.03, avgTransitHours: 60 }, { ...terms, creditCapPercent: null }, 'closed');
    expect(m.breaches).toEqual(['onTime', 'damageRate', 'avgTransitHours']);
    expect(m).toMatchObject({ worstKpi: 'avgTransitHours', worstShortfall: 0.25, creditPercent: 0.12, creditAmount: 1200 });
  });

  it('does not check a KPI without a target or without data', () => {
    const m = monthCompliance({ ...met, onTimeRate: null, inFullRate: 0.5 }, { ...terms, inFullTarget: null }, 'closed');
    expect(m.breached).toBe(false);
    expect(m.checks.find((c) => c.kpi === 'onTime')).toMatchObject({ actual: null, breached: false });
  });
});

describe('monthCompliance: closed and provisional months, the minimum due count', () => {
  // on-time 0.90 against 0.95: shortfall 0.05 → tier 5 % of 10,000 = 500 when judged and closed
  const late = { ...met, onTimeRate: 0.9 };

  it('owes the credit only once the month is closed', () => {
    expect(monthCompliance(late, terms, 'closed')).toMatchObject({ verdict: 'breached', breached: true, creditPercent: 0.05, creditAmount: 500 });
    for (const state of ['running', 'settling'] as const) {
      expect(monthCompliance(late, terms, state)).toMatchObject({
        verdict: 'breached', breached: true, breaches: ['onTime'], worstShortfall: 0.05, creditPercent: 0, creditAmount: 0,
      });
    }
  });

  it('gives no verdict one delivery below the minimum due count, and judges at it', () => {
    const below = monthCompliance({ ...late, due: 19 }, terms, 'closed');
    expect(below).toMatchObject({ verdict: 'too_few', breached: false, breaches: [], worstKpi: null, worstShortfall: 0, creditAmount: 0 });
    // the checks keep what was measured, unjudged
    expect(below.checks.find((c) => c.kpi === 'onTime')).toMatchObject({ actual: 0.9, target: 0.95, breached: false, shortfall: 0.05 });
    expect(monthCompliance({ ...late, due: 20 }, terms, 'closed')).toMatchObject({ verdict: 'breached', creditAmount: 500 });
    expect(monthCompliance({ ...met, due: 20 }, terms, 'closed')).toMatchObject({ verdict: 'met', breached: false });
  });

  it('says nothing was due for an empty month', () => {
    expect(monthCompliance({ due: 0, onTimeRate: null, inFullRate: null, otifRate: null, damageRate: null, avgTransitHours: null }, terms, 'closed'))
      .toMatchObject({ verdict: 'nothing_due', breached: false, creditAmount: 0 });
  });

  it('reproduces the reported case: 4 deliveries of the running month, on-time 3 %, no breach and no ¥640', () => {
    const m = monthCompliance({ ...met, due: 4, onTimeRate: 0 }, { ...terms, onTimeTarget: 0.97 }, 'running');
    expect(m).toMatchObject({ verdict: 'too_few', breached: false, creditAmount: 0 });
  });
});

describe('tierPercent and creditFor', () => {
  it('gives 0 when no tier threshold is reached', () => {
    expect(tierPercent([{ shortfall: 0.02, percent: 0.05 }], 0.01)).toBe(0);
    expect(creditFor({ creditTiers: [{ shortfall: 0.02, percent: 0.05 }], creditCapPercent: null, monthlyFee: 999 }, 0.01, true))
      .toEqual({ creditPercent: 0, creditAmount: 0 });
  });

  it('uses the highest qualifying threshold whatever the order of the tiers', () => {
    expect(tierPercent([{ shortfall: 0.1, percent: 0.2 }, { shortfall: 0, percent: 0.01 }, { shortfall: 0.05, percent: 0.1 }], 0.07)).toBe(0.1);
  });

  it('credits nothing without a breach, and rounds the amount to cents', () => {
    expect(creditFor(terms, 0, false)).toEqual({ creditPercent: 0, creditAmount: 0 });
    expect(creditFor({ ...terms, monthlyFee: 333.33 }, 0.01, true)).toEqual({ creditPercent: 0.02, creditAmount: 6.67 });
  });
});
