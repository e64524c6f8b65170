import { describe, expect, it } from 'vitest';
import { statsWindows } from '../../api/domain/trailing-windows';
import { contractTermProblems, dateRangesOverlap, scopesIntersect } from '../../api/domain/contract-rules';
import { addDays, businessDay, daysBetween } from '../../api/domain/business-day';
import { interactionTimeProblems, resolutionHours } from '../../api/domain/interaction-rules';

describe('statsWindows', () => {
  it('covers 90 days and 12 months ending on and including today', () => {
    expect(statsWindows('2026-11-25')).toEqual({ from90: '2026-08-28', from12m: '2025-11-26', to: '2026-11-25' });
    expect(statsWindows('2026-03-01')).toEqual({ from90: '2025-12-02', from12m: '2025-03-02', to: '2026-03-01' });
  });
});

describe('contractTermProblems', () => {
  it('accepts ordered dates and ascending tiers', () => {
    expect(contractTermProblems({ startDate: '2026-01-01', endDate: '2026-12-31', creditTiers: [{ shortfall: 0, percent: 0.02 }, { shortfall: 0.05, percent: 0.05 }] })).toEqual([]);
  });
  it('names an end date not after the start', () => {
    expect(contractTermProblems({ startDate: '2026-05-01', endDate: '2026-05-01', creditTiers: [] }))
      .toEqual([{ path: 'endDate', message: 'Must be after the start date 2026-05-01.' }]);
  });
  it('names a tier whose shortfall does not ascend, and one that credits less for more shortfall', () => {
    const problems = contractTermProblems({
      startDate: '2026-01-01', endDate: '2026-12-31',
      creditTiers: [{ shortfall: 0.02, percent: 0.05 }, { shortfall: 0.02, percent: 0.06 }, { shortfall: 0.1, percent: 0.04 }],
    });
    expect(problems.map((p) => p.path)).toEqual(['creditTiers.1.shortfall', 'creditTiers.2.percent']);
  });
});

describe('dateRangesOverlap and scopesIntersect', () => {
  it('treats ranges as inclusive of both ends', () => {
    expect(dateRangesOverlap({ start: '2026-01-01', end: '2026-06-30' }, { start: '2026-06-30', end: '2026-12-31' })).toBe(true);
    expect(dateRangesOverlap({ start: '2026-01-01', end: '2026-06-30' }, { start: '2026-07-01', end: '2026-12-31' })).toBe(false);
  });
  it('treats an empty scope as every consignee', () => {
    expect(scopesIntersect([], [5])).toBe(true);
    expect(scopesIntersect([1, 2], [2, 3])).toBe(true);
    expect(scopesIntersect([1, 2], [3])).toBe(false);
  });
});

describe('business days', () => {
  it('reads the day in the business time zone', () => {
    expect(businessDay(new Date('2026-11-24T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-25');
    expect(businessDay(new Date('2026-11-24T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
  });
  it('adds and counts days across month ends', () => {
    expect(addDays('2026-11-25', 60)).toBe('2027-01-24');
    expect(daysBetween('2026-11-25', '2027-01-24')).toBe(60);
    expect(daysBetween('2026-11-25', '2026-11-20')).toBe(-5);
  });
});

describe('interaction rules', () => {
  it('counts resolution hours to two decimals, null while open', () => {
    expect(resolutionHours(new Date('2026-11-01T09:00:00Z'), new Date('2026-11-02T15:30:00Z'))).toBe(30.5);
    expect(resolutionHours(new Date('2026-11-01T09:00:00Z'), new Date('2026-11-01T09:20:00Z'))).toBe(0.33);
    expect(resolutionHours(new Date('2026-11-01T09:00:00Z'), null)).toBeNull();
  });
  it('lets only complaints and claims open and resolve, never before opening', () => {
    const at = (s: string) => new Date(s);
    expect(interactionTimeProblems({ kind: 'claim', openedAt: at('2026-11-01T00:00:00Z'), resolvedAt: at('2026-11-02T00:00:00Z') })).toEqual([]);
    expect(interactionTimeProblems({ kind: 'call', openedAt: at('2026-11-01T00:00:00Z'), resolvedAt: null }).map((p) => p.path)).toEqual(['openedAt']);
    expect(interactionTimeProblems({ kind: 'complaint', openedAt: at('2026-11-02T00:00:00Z'), resolvedAt: at('2026-11-01T00:00:00Z') }).map((p) => p.path)).toEqual(['resolvedAt']);
  });
});
