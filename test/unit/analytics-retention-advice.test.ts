import { describe, expect, it } from 'vitest';
import { retentionAdvice } from '../../web/src/lib/analytics/retention-advice';

describe('retention advice', () => {
  it('gives none for a healthy account', () => {
    expect(retentionAdvice({ churnRisk: 0.05, weakestDepartment: { name: 'Finance', score: 4.4 }, volumeRecent90: 100, volumePrevious90: 95 })).toEqual([]);
  });

  it('puts open complaints first, then the budget for a high-risk account', () => {
    const advice = retentionAdvice({ churnRisk: 0.42, retentionBudget: 12000, openComplaints: 2 });
    expect(advice.map((a) => a.key)).toEqual(['adv.complaints', 'adv.highRisk']);
    expect(advice[1].params).toEqual({ risk: 0.42, budget: 12000 });
  });

  it('points to the partners when the account has no retention budget of its own', () => {
    expect(retentionAdvice({ churnRisk: 0.6, retentionBudget: 0 })).toEqual([{ key: 'adv.highRiskPartners', params: { risk: 0.6 } }]);
  });

  it('asks for renewal only for contracts ending within 90 days without auto-renewal', () => {
    const advice = retentionAdvice({
      contracts: [
        { code: 'A', daysToEnd: 30, autoRenew: false },
        { code: 'B', daysToEnd: 30, autoRenew: true },
        { code: 'C', daysToEnd: 91, autoRenew: false },
        { code: 'D', daysToEnd: -1, autoRenew: false },
      ],
    });
    expect(advice).toEqual([{ key: 'adv.contract', params: { code: 'A', days: 30 } }]);
  });

  it('names the partners when a quarter or more of the risk is cascaded', () => {
    const advice = retentionAdvice({ churnRisk: 0.2, cascadeRisk: 0.05, topNeighbours: ['X', 'Y', 'Z', 'W'] });
    expect(advice).toEqual([{ key: 'adv.cascade', params: { share: 0.25, names: 'X, Y, Z' } }]);
    expect(retentionAdvice({ churnRisk: 0.2, cascadeRisk: 0.04, topNeighbours: ['X'] })).toEqual([]);
  });

  it('flags a weak department below 3.5, the satisfaction trap, and a volume drop of 15 % or more', () => {
    const advice = retentionAdvice({
      weakestDepartment: { name: 'Warehouse', score: 3.1 }, trap: true, volumeRecent90: 85, volumePrevious90: 100,
    });
    expect(advice.map((a) => a.key)).toEqual(['adv.weakest', 'adv.trap', 'adv.decline']);
    expect(advice[2].params.change).toBeCloseTo(-0.15, 10);
    expect(retentionAdvice({ volumeRecent90: 86, volumePrevious90: 100 })).toEqual([]);
    expect(retentionAdvice({ volumeRecent90: 0, volumePrevious90: 0 })).toEqual([]);
  });
});
