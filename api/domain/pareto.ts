export type AbcClass = 'A' | 'B' | 'C';

export interface ParetoInput {
  id: number;
  profit: number;
}

export interface ParetoRank {
  id: number;
  profit: number;
  rank: number;
  /** share of the total positive profit made by this customer and all ranked above it */
  cumulativeShare: number;
  abcClass: AbcClass;
}

export interface ParetoPoint {
  /** share of customers (0..1) ranked at or above this point */
  customerShare: number;
  /** share of the total positive profit (0..1) they make */
  profitShare: number;
}

export interface ParetoResult {
  ranks: ParetoRank[];
  curve: ParetoPoint[];
  /** share of all customers (0..1) that together make 80 % of the positive profit; null when no one makes a profit */
  shareMaking80: number | null;
  totalPositiveProfit: number;
}

export const ABC_LIMITS = { a: 0.8, b: 0.95 } as const;

/**
 * Pareto / ABC analysis. Customers are ranked by profit, highest first (ties by id).
 * Shares are of the total *positive* profit, so the curve climbs monotonically to 1:
 * a customer with zero or negative profit adds nothing, is always class C and sits at the flat end.
 * A customer is class A while the profit of those ranked above it is still below 80 % (so the customer
 * that reaches 80 % is in A, and the A customers make at least 80 %); B likewise up to 95 %; C the rest.
 * The share of customers making 80 % of profit is |A| / all customers (loss-makers included in the count).
 */
export function paretoAnalysis(customers: readonly ParetoInput[], maxCurvePoints = 200): ParetoResult {
  const sorted = [...customers].sort((x, y) => y.profit - x.profit || x.id - y.id);
  const total = sorted.reduce((sum, c) => sum + Math.max(0, c.profit), 0);
  let cumulative = 0;
  const ranks = sorted.map((c, i): ParetoRank => {
    const before = total > 0 ? cumulative / total : 1;
    cumulative += Math.max(0, c.profit);
    const abcClass: AbcClass = c.profit <= 0 || total <= 0 ? 'C' : before < ABC_LIMITS.a ? 'A' : before < ABC_LIMITS.b ? 'B' : 'C';
    return { id: c.id, profit: c.profit, rank: i + 1, cumulativeShare: total > 0 ? cumulative / total : 0, abcClass };
  });
  const countA = ranks.filter((r) => r.abcClass === 'A').length;
  return {
    ranks,
    curve: curvePoints(ranks, maxCurvePoints),
    shareMaking80: total > 0 && ranks.length > 0 ? countA / ranks.length : null,
    totalPositiveProfit: total,
  };
}

/** (0,0), then one point per customer; thinned to about maxPoints evenly spaced ranks (the last always kept). */
function curvePoints(ranks: readonly ParetoRank[], maxPoints: number): ParetoPoint[] {
  const n = ranks.length;
  const points: ParetoPoint[] = [{ customerShare: 0, profitShare: 0 }];
  if (n === 0) return points;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  for (let i = step - 1; i < n; i += step) points.push({ customerShare: (i + 1) / n, profitShare: ranks[i].cumulativeShare });
  if (points[points.length - 1].customerShare !== 1) {
    points.push({ customerShare: 1, profitShare: ranks[n - 1].cumulativeShare });
  }
  return points;
}
