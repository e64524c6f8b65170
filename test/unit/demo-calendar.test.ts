import { describe, expect, it } from 'vitest';
import { DEMO_AUTHORED_DAY, demoCalendar, demoCalendarNow } from '../../api/demo/demo-calendar';

describe('demoCalendar', () => {
  it('keeps the written dates on the day the demo was written for', () => {
    const c = demoCalendar(DEMO_AUTHORED_DAY);
    expect([c.shift, c.day('2025-11-25'), c.day('2027-01-15')]).toEqual([0, '2025-11-25', '2027-01-15']);
  });

  it('moves every date by the days since, across month, year and leap-day boundaries', () => {
    const c = demoCalendar('2028-03-01');
    expect(c.shift).toBe(462);
    expect(c.day('2026-11-25')).toBe('2028-03-01');
    expect(c.day('2025-11-25')).toBe('2027-03-02'); // 365 days before the load day, 29 February 2028 between
    expect(c.day('2026-12-31')).toBe('2028-04-06');
  });

  it('takes today in the business time zone', () => {
    expect(demoCalendarNow('Asia/Shanghai', new Date('2026-11-30T16:30:00Z')).today).toBe('2026-12-01');
    expect(demoCalendarNow('UTC', new Date('2026-11-30T16:30:00Z')).today).toBe('2026-11-30');
  });
});
