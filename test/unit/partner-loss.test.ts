import { describe, expect, it } from 'vitest';
import { partnerLost } from '../../api/churn/facts';

describe('a lost partner (partnerLoss signal)', () => {
  it('is a pair whose partner left or whose last 90 days carry at most a fifth of the 90 before', () => {
    expect(partnerLost({ recent90: 50, previous90: 50, partnerLeft: true })).toBe(true);
    expect(partnerLost({ recent90: 20, previous90: 100, partnerLeft: false })).toBe(true); // exactly a fifth
    expect(partnerLost({ recent90: 21, previous90: 100, partnerLeft: false })).toBe(false);
    expect(partnerLost({ recent90: 0, previous90: 0, partnerLeft: true })).toBe(false); // nothing before: nothing lost
  });
});
