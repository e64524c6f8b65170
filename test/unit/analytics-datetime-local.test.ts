import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../web/src/lib/analytics/datetime-local';

describe('datetime-local inputs', () => {
  it('round-trips an ISO timestamp through the local input value', () => {
    const local = toLocalInput('2026-11-10T01:30:00Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(new Date(fromLocalInput(local)!).toISOString()).toBe('2026-11-10T01:30:00.000Z');
  });

  it('gives the offset of the local time zone in the ISO form the API accepts', () => {
    const local = process.env.TZ;
    try {
      // Node reads TZ again when it changes: each zone's own offset on that day, half hours and summer time included
      const cases: [string, string, string][] = [
        ['Asia/Shanghai', '2026-11-10T09:30', '2026-11-10T09:30:00+08:00'],
        ['America/New_York', '2026-11-10T09:30', '2026-11-10T09:30:00-05:00'],
        ['America/New_York', '2026-07-10T09:30', '2026-07-10T09:30:00-04:00'],
        ['Asia/Kolkata', '2026-11-10T09:30', '2026-11-10T09:30:00+05:30'],
        ['America/St_Johns', '2026-11-10T09:30', '2026-11-10T09:30:00-03:30'],
        ['UTC', '2026-11-10T09:30', '2026-11-10T09:30:00+00:00'],
      ];
      for (const [zone, input, expected] of cases) {
        process.env.TZ = zone;
        expect(fromLocalInput(input), zone).toBe(expected);
      }
    } finally {
      if (local === undefined) delete process.env.TZ;
      else process.env.TZ = local;
    }
  });

  it('answers empty and null for empty or invalid values', () => {
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('not a date')).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('nonsense')).toBeNull();
  });
});
