import { describe, expect, it } from 'vitest';
import {
  closesOn, judged, latestClosedMonth, monthLastDay, monthStatus, periodState, verdictOf,
} from '../../api/domain/closed-months';

describe('closed and provisional months', () => {
  it('runs a month to its last day, settles it for the settling period, then closes it', () => {
    // November with 3 settling days: running to 30 Nov, settling 1–3 Dec, closed from 4 Dec
    expect(closesOn('2026-11-30', 3)).toBe('2026-12-04');
    expect(periodState('2026-11-30', '2026-11-30', 3)).toBe('running');
    expect(periodState('2026-11-30', '2026-12-01', 3)).toBe('settling');
    expect(periodState('2026-11-30', '2026-12-03', 3)).toBe('settling');
    expect(periodState('2026-11-30', '2026-12-04', 3)).toBe('closed');
    // no settling period: closed the day after it ends
    expect(periodState('2026-11-30', '2026-12-01', 0)).toBe('closed');
  });

  it('gives the month status, ending a month early when the contract ends in it', () => {
    expect(monthStatus('2026-11', '2026-12-02', 3)).toEqual({ state: 'settling', provisional: true, closesOn: '2026-12-04' });
    expect(monthStatus('2026-10', '2026-12-02', 3)).toEqual({ state: 'closed', provisional: false, closesOn: '2026-11-04' });
    expect(monthStatus('2026-12', '2026-12-02', 3)).toEqual({ state: 'running', provisional: true, closesOn: '2027-01-04' });
    // a contract ending on 7 Jan 2027: its January ends on the 7th and closes on the 11th
    expect(monthLastDay('2027-01', '2027-01-07')).toBe('2027-01-07');
    expect(monthLastDay('2026-12', '2027-01-07')).toBe('2026-12-31');
    expect(monthStatus('2027-01', '2027-01-10', 3, '2027-01-07')).toMatchObject({ state: 'settling', closesOn: '2027-01-11' });
    expect(monthStatus('2027-01', '2027-01-11', 3, '2027-01-07')).toMatchObject({ state: 'closed' });
    // a leap February
    expect(monthStatus('2028-02', '2028-03-03', 3).closesOn).toBe('2028-03-04');
  });

  it('finds the latest closed month: last month once settled, else the one before', () => {
    expect(latestClosedMonth('2026-12-02', 3)).toBe('2026-10');
    expect(latestClosedMonth('2026-12-03', 3)).toBe('2026-10');
    expect(latestClosedMonth('2026-12-04', 3)).toBe('2026-11');
    expect(latestClosedMonth('2026-01-04', 3)).toBe('2025-12');
    expect(latestClosedMonth('2026-01-01', 0)).toBe('2025-12');
    // the longest settling period (28 days) never reaches back more than two months
    expect(latestClosedMonth('2026-03-01', 28)).toBe('2026-01');
  });

  it('judges a period from the minimum due count on', () => {
    expect(judged(19, 20)).toBe(false);
    expect(judged(20, 20)).toBe(true);
    expect(judged(0, 1)).toBe(false);
    expect(verdictOf(0, false, 20)).toBe('nothing_due');
    expect(verdictOf(19, true, 20)).toBe('too_few');
    expect(verdictOf(20, true, 20)).toBe('breached');
    expect(verdictOf(20, false, 20)).toBe('met');
  });
});
