import { describe, expect, it } from 'vitest';
import { disputeStatusOf, figuresOf, monthDays, monthInContract, MONTH_PATTERN, repeatedDeliveries } from '../../api/disputes/rules';

describe('dispute rules', () => {
  it('reads a month as its days, leap years included', () => {
    expect(monthDays('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(['2026-11', '2026-1', '2026-13', '2026-00', '26-11', '2026-11-01'].map((m) => MONTH_PATTERN.test(m))).toEqual([true, false, false, false, false, false]);
  });

  it('knows whether a contract runs in a month (any day of it)', () => {
    expect(monthInContract('2026-03', '2026-03-31', '2026-12-31')).toBe(true);
    expect(monthInContract('2026-03', '2026-04-01', '2026-12-31')).toBe(false);
    expect(monthInContract('2027-01', '2026-01-01', '2026-12-31')).toBe(false);
    expect(monthInContract('2026-12', '2026-01-01', '2026-12-01')).toBe(true);
  });

  it('is decided once every line is accepted or rejected', () => {
    expect(disputeStatusOf([{ status: 'accepted' }, { status: 'open' }])).toBe('open');
    expect(disputeStatusOf([{ status: 'accepted' }, { status: 'rejected' }])).toBe('decided');
    expect(disputeStatusOf([])).toBe('open');
  });

  it('names the lines that repeat an earlier delivery', () => {
    expect(repeatedDeliveries([{ deliveryId: 5 }, { deliveryId: 7 }, { deliveryId: 5 }, { deliveryId: 5 }])).toEqual([2, 3]);
    expect(repeatedDeliveries([{ deliveryId: 1 }])).toEqual([]);
  });

  it('keeps the contractual figures and the credit of a judged month', () => {
    const judged = {
      kpis: { excused: 2, contractual: { due: 8, onTimeRate: 0.875, inFullRate: 1, otifRate: 0.875, damageRate: 0, avgTransitHours: 10 } },
      verdict: 'breached', breaches: ['onTime'], worstKpi: 'onTime', worstShortfall: 0.025, creditPercent: 0.02, creditAmount: 200,
    };
    expect(figuresOf(judged)).toEqual({
      due: 8, excused: 2, onTimeRate: 0.875, inFullRate: 1, otifRate: 0.875, damageRate: 0, avgTransitHours: 10,
      verdict: 'breached', breaches: ['onTime'], worstKpi: 'onTime', worstShortfall: 0.025, creditPercent: 0.02, creditAmount: 200,
    });
  });
});
