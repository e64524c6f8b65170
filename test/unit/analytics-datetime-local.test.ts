import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../web/src/lib/analytics/datetime-local';

describe('datetime-local inputs', () => {
  it('round-trips an ISO timestamp through the local input value', () => {
    const local = toLocalInput('2026-11-10T01:30:00Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(new Date(fromLocalInput(local)!).toISOString()).toBe('2026-11-10T01:30:00.000Z');
  });

  it('gives the offset of the local time zone in the ISO form the API accepts', () => {
    expect(fromLocalInput('2026-11-10T09:30')).toMatch(/^2026-11-10T09:30:00[+-]\d{2}:\d{2}$/);
  });

  it('answers empty and null for empty or invalid values', () => {
    expect(toLocalInput(null)).toBe('');
    expect(toLocalInput('not a date')).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('nonsense')).toBeNull();
  });
});
