/**
 * Customer lifetime value (Gupta & Lehmann, margins at period end):
 * CLV = Σ_{t=1..T} m · r^t / (1+d)^t, tending to m·r / (1+d−r) as T → ∞.
 * m: yearly margin (12-month profit), r: yearly retention (1 − churn probability), d: discount rate.
 */
export function clv(margin: number, retention: number, discountRate: number, horizonYears: number): number {
  assertInputs(retention, discountRate);
  if (!Number.isInteger(horizonYears) || horizonYears < 0) throw new RangeError('horizonYears must be a whole number ≥ 0');
  const q = retention / (1 + discountRate);
  if (q === 1) return margin * horizonYears;
  return (margin * q * (1 - q ** horizonYears)) / (1 - q);
}

/** The T → ∞ limit m·r / (1+d−r). */
export function clvPerpetual(margin: number, retention: number, discountRate: number): number {
  assertInputs(retention, discountRate);
  if (retention >= 1 + discountRate) throw new RangeError('The series diverges when r ≥ 1 + d');
  return (margin * retention) / (1 + discountRate - retention);
}

/** The most worth spending to keep a customer: churn probability × CLV, never below zero. */
export function retentionBudget(churnProbability: number, lifetimeValue: number): number {
  return Math.max(0, churnProbability * lifetimeValue);
}

function assertInputs(retention: number, discountRate: number) {
  if (!(retention >= 0 && retention <= 1)) throw new RangeError('retention must be in [0, 1]');
  if (!(discountRate > -1)) throw new RangeError('discountRate must be > −1');
}
