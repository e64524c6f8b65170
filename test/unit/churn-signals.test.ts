import { describe, expect, it } from 'vitest';
import { computeSignals, DEFAULT_COEFFICIENTS, directRisk, logistic, type ChurnFacts } from '../../api/churn/signals';

const quiet: ChurnFacts = {
  otif: { due: 0, otif: 0, target: null },
  breaches: 0,
  satisfaction: { current: null, previous: null, weakest: null },
  volume: { recent: 0, previous: 0 },
  complaints: { open: 0, claims: 0, slowClaims: 0 },
  contract: { daysToEnd: null, renews: false },
  lifecycleStage: null,
};

describe('churn signals', () => {
  it('normalises every signal of a troubled company by hand', () => {
    const signals = computeSignals({
      otif: { due: 100, otif: 85, target: 0.95 },
      breaches: 3,
      satisfaction: { current: 3, previous: 4, weakest: 2 },
      volume: { recent: 60, previous: 100 },
      complaints: { open: 1, claims: 4, slowClaims: 1 },
      contract: { daysToEnd: 45, renews: false },
      lifecycleStage: 'decline',
      partners: { before: 80, lost: 20 },
    });
    expect(signals).toEqual({
      otifShortfall: expect.closeTo(0.5, 12), // (0.95 − 0.85) / 0.2
      breaches: 0.5, // 3 / 6
      dissatisfaction: 0.5, // (5 − 3) / 4
      weakestDepartment: 0.75, // (5 − 2) / 4
      satisfactionDecline: 0.5, // (4 − 3) / 2
      volumeDecline: expect.closeTo(0.4, 12), // 1 − 60/100
      openComplaints: expect.closeTo(1 / 3, 12),
      slowClaims: 0.25,
      contractExpiry: 0.75, // 1 − 45/180
      lifecycle: 1,
      partnerLoss: 0.25, // 20 of the 80 shipments before ran on lost pairs
    });
  });

  it('partnerLoss: the share of the earlier volume on lost pairs, 0 without earlier volume or facts', () => {
    expect(computeSignals({ ...quiet, partners: { before: 50, lost: 50 } }).partnerLoss).toBe(1);
    expect(computeSignals({ ...quiet, partners: { before: 0, lost: 0 } }).partnerLoss).toBe(0);
    expect(computeSignals(quiet).partnerLoss).toBe(0);
    // coefficient 1.2: a company whose only partner left has log-odds −4 + 1.2
    expect(directRisk(computeSignals({ ...quiet, partners: { before: 10, lost: 10 } }), DEFAULT_COEFFICIENTS).logOdds).toBeCloseTo(-2.8, 12);
  });

  it('gives 0 for missing data and clamps to [0, 1]', () => {
    expect(Object.values(computeSignals(quiet)).every((v) => v === 0)).toBe(true);
    const extreme = computeSignals({
      ...quiet,
      otif: { due: 10, otif: 0, target: 0.99 },
      breaches: 40,
      volume: { recent: 0, previous: 50 },
      complaints: { open: 12, claims: 1, slowClaims: 1 },
      contract: { daysToEnd: -30, renews: false },
    });
    expect(extreme.otifShortfall).toBe(1);
    expect(extreme.breaches).toBe(1);
    expect(extreme.volumeDecline).toBe(1);
    expect(extreme.openComplaints).toBe(1);
    expect(extreme.contractExpiry).toBe(1);
  });

  it('ignores OTIF above target, growing volume, a contract far off or renewing automatically', () => {
    const s = computeSignals({
      ...quiet,
      otif: { due: 100, otif: 99, target: 0.95 },
      volume: { recent: 150, previous: 100 },
      contract: { daysToEnd: 20, renews: true },
      satisfaction: { current: 4.5, previous: 4, weakest: 4 },
    });
    expect(s.otifShortfall).toBe(0);
    expect(s.volumeDecline).toBe(0);
    expect(s.contractExpiry).toBe(0);
    expect(s.satisfactionDecline).toBe(0);
    expect(computeSignals({ ...quiet, contract: { daysToEnd: 400, renews: false } }).contractExpiry).toBe(0);
  });

  it('computes r = logistic(b0 + Σ b·x) with each contribution, largest first', () => {
    const signals = computeSignals({ ...quiet, volume: { recent: 50, previous: 100 }, contract: { daysToEnd: 90, renews: false } });
    // log-odds = −4 + 2·0.5 (volume) + 1.5·0.5 (contract) = −2.25
    const { r, logOdds, contributions } = directRisk(signals, DEFAULT_COEFFICIENTS);
    expect(logOdds).toBeCloseTo(-2.25, 12);
    expect(r).toBeCloseTo(1 / (1 + Math.exp(2.25)), 12);
    expect(contributions[0]).toEqual({ signal: 'volumeDecline', value: 0.5, coefficient: 2, contribution: 1 });
    expect(contributions[1]).toEqual({ signal: 'contractExpiry', value: 0.5, coefficient: 1.5, contribution: 0.75 });
    expect(contributions).toHaveLength(11);
  });

  it('gives the documented baseline for a company with no signal', () => {
    expect(directRisk(computeSignals(quiet), DEFAULT_COEFFICIENTS).r).toBeCloseTo(0.01798621, 7); // logistic(−4)
  });

  it('computes the logistic without overflow', () => {
    expect(logistic(0)).toBe(0.5);
    expect(logistic(1000)).toBe(1);
    expect(logistic(-1000)).toBe(0);
    expect(logistic(-2)).toBeCloseTo(0.119202922, 8);
  });
});
