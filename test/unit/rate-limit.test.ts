import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../api/auth/rate-limit';

describe('RateLimiter', () => {
  it('allows the limit within a window, refuses the next, and starts again in a new window', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([true, true, true, false]);
    expect(limiter.hit('b')).toBe(true);
    now = 1000;
    expect(limiter.hit('a')).toBe(true);
  });
});
