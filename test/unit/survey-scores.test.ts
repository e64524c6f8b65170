import { describe, expect, it } from 'vitest';
import { csat, meanScore, nps, trend, volumeChange, LOYALTY_ITEMS } from '../../api/domain/survey-scores';
import { latestAndPrevious, periodIndex } from '../../api/domain/survey-periods';
import { effectiveWeights, weakestDepartment, weightedScore } from '../../api/domain/department-weights';
import { satisfactionTrap, DEFAULT_TRAP_THRESHOLDS } from '../../api/domain/satisfaction-trap';

describe('nps', () => {
  it('is +100 when everyone promotes', () => expect(nps([9, 10, 10])).toBe(100));
  it('is −100 when everyone detracts', () => expect(nps([0, 3, 6])).toBe(-100));
  it('is 0 with passives only', () => expect(nps([7, 8, 8, 7])).toBe(0));
  it('is null without answers (unanswered questions are not answers)', () => {
    expect(nps([])).toBeNull();
    expect(nps([null, undefined])).toBeNull();
  });
  it('is % promoters − % detractors over all answers', () => {
    // 2 promoters, 1 passive, 1 detractor of 4 answers → 50 % − 25 % = 25
    expect(nps([10, 9, 7, 2, null])).toBe(25);
  });
});

describe('csat', () => {
  it('is the share of 4 and 5 answers, not the mean', () => {
    // mean would be 3.4; two of five answers are 4 or 5 → 40 %
    expect(csat([5, 4, 3, 3, 2])).toBe(40);
  });
  it('is null without answers', () => expect(csat([null])).toBeNull());
});

describe('meanScore', () => {
  it('averages every answered item, answer by answer', () => {
    // answers 5,4,3 and 2 → 14 / 4
    expect(meanScore([{ timeliness: 5, accuracy: 4 }, { timeliness: 3, billing: 2, recommend: 10 }])).toBe(3.5);
  });
  it('can be limited to the loyalty items', () => {
    expect(meanScore([{ timeliness: 5, proactiveness: 2, communication: 3 }], LOYALTY_ITEMS)).toBe(2.5);
  });
});

describe('trend and volumeChange', () => {
  it('subtract and compare, null when a side is missing', () => {
    expect(trend(3.5, 4)).toBe(-0.5);
    expect(trend(null, 4)).toBeNull();
    expect(volumeChange(80, 100)).toBeCloseTo(-0.2, 12);
    expect(volumeChange(5, 0)).toBeNull();
  });
});

describe('effectiveWeights', () => {
  it('shares the remainder equally among departments without a weight', () => {
    const w = effectiveWeights([{ id: 1, weight: 0.4 }, { id: 2, weight: null }, { id: 3, weight: null }, { id: 4, weight: 0.2 }]);
    // remainder 1 − 0.4 − 0.2 = 0.4, shared by two
    const expected = [[1, 0.4], [2, 0.2], [3, 0.2], [4, 0.2]];
    for (const [id, weight] of expected) expect(w.get(id)).toBeCloseTo(weight, 12);
  });
  it('gives equal shares when no weight is set', () => {
    expect([...effectiveWeights([{ id: 1, weight: null }, { id: 2, weight: null }]).values()]).toEqual([0.5, 0.5]);
  });
  it('leaves nothing to share when explicit weights exceed 1', () => {
    expect(effectiveWeights([{ id: 1, weight: 0.7 }, { id: 2, weight: 0.6 }, { id: 3, weight: null }]).get(3)).toBe(0);
  });
});

describe('weightedScore and weakestDepartment', () => {
  // weights: procurement 0.5, warehouse 0.25, finance 0.25 (the last two share the remaining 0.5)
  const weights = effectiveWeights([{ id: 10, weight: 0.5 }, { id: 11, weight: null }, { id: 12, weight: null }]);

  it('weights each department score', () => {
    // 0.5·4 + 0.25·2 + 0.25·3 = 3.25
    expect(weightedScore([{ departmentId: 10, score: 4 }, { departmentId: 11, score: 2 }, { departmentId: 12, score: 3 }], weights)).toBe(3.25);
  });

  it('leaves out a department without a score and renormalises', () => {
    // (0.5·4 + 0.25·2) / 0.75 = 3.3333…
    expect(weightedScore([{ departmentId: 10, score: 4 }, { departmentId: 11, score: 2 }, { departmentId: 12, score: null }], weights)).toBeCloseTo(10 / 3, 12);
    expect(weightedScore([{ departmentId: 10, score: null }], weights)).toBeNull();
  });

  it('names the lowest-scoring department, the heavier one on a tie', () => {
    expect(weakestDepartment([{ departmentId: 10, score: 4 }, { departmentId: 11, score: 2 }, { departmentId: 12, score: 3 }], weights)).toBe(11);
    const tie = effectiveWeights([{ id: 1, weight: 0.2 }, { id: 2, weight: 0.8 }]);
    expect(weakestDepartment([{ departmentId: 1, score: 3 }, { departmentId: 2, score: 3 }], tie)).toBe(2);
    expect(weakestDepartment([{ departmentId: 1, score: null }], tie)).toBeNull();
  });
});

describe('latestAndPrevious', () => {
  const asOf = new Date('2026-11-25T00:00:00Z');
  const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000);

  it('buckets responses in periods ending at asOf', () => {
    expect(periodIndex(daysAgo(0), asOf, 90)).toBe(0);
    expect(periodIndex(daysAgo(89.9), asOf, 90)).toBe(0);
    expect(periodIndex(daysAgo(90), asOf, 90)).toBe(1);
    expect(periodIndex(new Date(asOf.getTime() + 1000), asOf, 90)).toBe(0);
  });

  it('scores the most recent period with answers against the one before it', () => {
    const r = latestAndPrevious([
      { submittedAt: daysAgo(100), timeliness: 5 }, { submittedAt: daysAgo(120), timeliness: 4 },
      { submittedAt: daysAgo(200), timeliness: 5 }, { submittedAt: daysAgo(250), timeliness: 5 },
    ], asOf, 90);
    expect(r).toEqual({ periodsAgo: 1, latest: 4.5, previous: 5, trend: -0.5, latestResponses: 2 });
  });

  it('has no trend without an earlier period, and nothing without answers', () => {
    expect(latestAndPrevious([{ submittedAt: daysAgo(1), accuracy: 3 }], asOf, 90)).toMatchObject({ latest: 3, previous: null, trend: null });
    expect(latestAndPrevious([{ submittedAt: daysAgo(1), recommend: 9 }], asOf, 90).latest).toBeNull();
  });
});

describe('satisfactionTrap', () => {
  const t = DEFAULT_TRAP_THRESHOLDS; // basics ≥ 4, loyalty −0.3 points, volume −10 %

  it('flags high basics with falling loyalty items', () => {
    expect(satisfactionTrap({ basicLatest: 4.5, loyaltyTrend: -0.3, volumeChange: 0.05 }, t)).toEqual({ flag: true, reasons: ['loyalty_falling'] });
  });
  it('flags high basics with falling volume', () => {
    expect(satisfactionTrap({ basicLatest: 4, loyaltyTrend: null, volumeChange: -0.1 }, t)).toEqual({ flag: true, reasons: ['volume_falling'] });
  });
  it('does not flag when the basics are low (that is plain dissatisfaction)', () => {
    expect(satisfactionTrap({ basicLatest: 3.9, loyaltyTrend: -1, volumeChange: -0.5 }, t).flag).toBe(false);
  });
  it('does not flag steady loyalty and volume', () => {
    expect(satisfactionTrap({ basicLatest: 4.8, loyaltyTrend: -0.2, volumeChange: -0.05 }, t)).toEqual({ flag: false, reasons: [] });
  });
});
