import { describe, expect, it } from 'vitest';
import { monthElapsed, monthState } from '../../api/alerts/month-verdict';
import { collapseFall } from '../../api/alerts/rules/pair-volume-collapse';
import { isRenewed } from '../../api/alerts/rules/contract-ending';
import { snoozeProblem } from '../../api/alerts/inbox-service';
import { quarterContaining, quarterOf, shiftQuarter } from '../../api/review/quarter';
import { decodeCursor, encodeCursor } from '../../api/timeline/service';

describe('closed and provisional months', () => {
  it('closes a month once its settling days have passed', () => {
    expect(monthState('2026-02', '2026-02-28')).toBe('running');
    expect(monthState('2026-02', '2026-03-03')).toBe('settling');
    expect(monthState('2026-02', '2026-03-04')).toBe('closed');
    expect(monthState('2026-04', '2026-03-20')).toBe('future');
    expect(monthState('2026-02', '2026-03-01', 0)).toBe('closed');
  });

  it('measures how much of a month has gone, today included', () => {
    expect(monthElapsed('2026-03', '2026-03-20')).toBeCloseTo(20 / 31, 12);
    expect(monthElapsed('2026-02', '2026-02-07')).toBe(0.25);
    expect(monthElapsed('2026-02', '2026-03-01')).toBe(1);
    expect(monthElapsed('2026-04', '2026-03-01')).toBe(0);
  });
});

describe('rule decisions', () => {
  const v = (recent30: number, previous90: number) => ({ shipperId: 1, consigneeId: 2, recent30, previous90, shipments12m: 0, revenue12m: 0 });
  const t = { volumeCollapseDrop: 0.5, volumeCollapseMinShipments: 20 };

  it('calls a fall of half the 30-day average a collapse, not 40 % or a small pair', () => {
    expect(collapseFall(v(5, 30), t)).toBe(0.5);
    expect(collapseFall(v(6, 30), t)).toBeNull();
    expect(collapseFall(v(0, 19), t)).toBeNull();
    expect(collapseFall(v(0, 20), t)).toBe(1);
  });

  it('sees a renewal in auto-renew or a later contract of the same shipper', () => {
    const k = { id: 1, shipper_id: 7, start_date: '2025-01-01', end_date: '2026-03-31', auto_renew: false };
    expect(isRenewed(k, [])).toBe(false);
    expect(isRenewed({ ...k, auto_renew: true }, [])).toBe(true);
    expect(isRenewed(k, [{ id: 2, shipper_id: 7, start_date: '2026-04-01', end_date: '2027-03-31' }])).toBe(true);
    expect(isRenewed(k, [{ id: 3, shipper_id: 8, start_date: '2026-04-01', end_date: '2027-03-31' }])).toBe(false);
    expect(isRenewed(k, [{ id: 4, shipper_id: 7, start_date: '2024-01-01', end_date: '2024-12-31' }])).toBe(false);
  });

  it('snoozes into the future, for a year at most', () => {
    const now = new Date('2026-03-20T00:00:00Z');
    expect(snoozeProblem(new Date('2027-03-20T00:00:00Z'), now)).toBeNull();
    expect(snoozeProblem(new Date('2027-03-20T00:00:01Z'), now)?.code).toBe('too_big');
    expect(snoozeProblem(now, now)?.code).toBe('too_small');
  });
});

describe('quarters and timeline cursors', () => {
  it('reads, finds and shifts quarters', () => {
    expect(quarterOf('2026-Q1')).toEqual({ key: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(quarterOf('2024-Q4')).toEqual({ key: '2024-Q4', from: '2024-10-01', to: '2024-12-31' });
    expect(quarterContaining('2026-08-15').key).toBe('2026-Q3');
    expect(shiftQuarter(quarterOf('2026-Q1'), -1).key).toBe('2025-Q4');
    expect(shiftQuarter(quarterOf('2026-Q4'), 1).key).toBe('2027-Q1');
  });

  it('round-trips a cursor and refuses one that is not', () => {
    const c = { at: new Date('2026-03-01T02:03:04.005Z'), rank: 4, id: 123456789 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor('bm9wZQ')).toThrow(/cursor/);
  });
});
