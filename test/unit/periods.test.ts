import { describe, expect, it } from 'vitest';
import { lastDayOfMonth, monthStart, monthsBetween, periodKeys, splitByRollupLevel, weekStart } from '../../api/domain/periods';

describe('periods', () => {
  it('clips months to the range and marks whole ones', () => {
    expect(monthsBetween('2026-01-15', '2026-03-31')).toEqual([
      { month: '2026-01', from: '2026-01-15', to: '2026-01-31', whole: false },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-28', whole: true },
      { month: '2026-03', from: '2026-03-01', to: '2026-03-31', whole: true },
    ]);
    expect(monthsBetween('2026-04-02', '2026-04-01')).toEqual([]);
  });

  it('knows month ends, leap years and month arithmetic across years', () => {
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
    expect(monthStart('2026-11-25', -11)).toBe('2025-12-01');
    expect(monthStart('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('lists ISO-week Mondays and days', () => {
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // a Sunday
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(periodKeys('2026-11-25', '2026-12-08', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(periodKeys('2026-02-27', '2026-03-01', 'day')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(periodKeys('2026-03-01', '2026-02-01', 'month')).toEqual([]);
  });

  describe('splitByRollupLevel', () => {
    it('reads whole months from the monthly level and the edge days from the daily level', () => {
      expect(splitByRollupLevel('2025-12-15', '2026-03-10')).toEqual({
        months: { from: '2026-01-01', to: '2026-02-01' },
        days: [{ from: '2025-12-15', to: '2025-12-31' }, { from: '2026-03-01', to: '2026-03-10' }],
      });
    });

    it('needs no days when the range is made of whole months, across a year end and a leap day', () => {
      expect(splitByRollupLevel('2027-12-01', '2028-02-29')).toEqual({ months: { from: '2027-12-01', to: '2028-02-01' }, days: [] });
    });

    it('reads days only when no month fits whole, and nothing for an empty range', () => {
      expect(splitByRollupLevel('2026-02-02', '2026-03-30')).toEqual({ months: null, days: [{ from: '2026-02-02', to: '2026-03-30' }] });
      expect(splitByRollupLevel('2026-02-28', '2026-02-28')).toEqual({ months: null, days: [{ from: '2026-02-28', to: '2026-02-28' }] });
      expect(splitByRollupLevel('2026-03-02', '2026-03-01')).toEqual({ months: null, days: [] });
    });

    it('keeps a single edge when the range starts or ends on a month boundary', () => {
      expect(splitByRollupLevel('2026-01-01', '2026-02-14')).toEqual({
        months: { from: '2026-01-01', to: '2026-01-01' }, days: [{ from: '2026-02-01', to: '2026-02-14' }],
      });
    });
  });
});
