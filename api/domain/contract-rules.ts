import type { CreditTier } from '../../db/tables/accounts';

export type Problem = { path: string; message: string };

/** Field problems of a contract's terms that no single field can show: dates in order, tiers ascending. */
export function contractTermProblems(terms: { startDate: string; endDate: string; creditTiers: readonly CreditTier[] }): Problem[] {
  const problems: Problem[] = [];
  if (terms.endDate <= terms.startDate) problems.push({ path: 'endDate', message: `Must be after the start date ${terms.startDate}.` });
  terms.creditTiers.forEach((tier, i) => {
    if (i === 0) return;
    const prev = terms.creditTiers[i - 1];
    if (tier.shortfall <= prev.shortfall) {
      problems.push({ path: `creditTiers.${i}.shortfall`, message: `Tiers must ascend by shortfall: ${tier.shortfall} is not above ${prev.shortfall}.` });
    }
    if (tier.percent < prev.percent) {
      problems.push({ path: `creditTiers.${i}.percent`, message: `A larger shortfall may not credit less: ${tier.percent} is below ${prev.percent}.` });
    }
  });
  return problems;
}

/** Two inclusive date ranges ('YYYY-MM-DD') share at least one day. */
export function dateRangesOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Two consignee scopes intersect; an empty scope means every consignee of the shipper. */
export function scopesIntersect(a: readonly number[], b: readonly number[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  const set = new Set(a);
  return b.some((id) => set.has(id));
}
