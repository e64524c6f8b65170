import type { LifecycleStage } from '../../db/tables/accounts';

/**
 * Direct churn risk r of one company (DESIGN.md section 7): r = logistic(b0 + Σ b_k·x_k) over signals
 * x_k that are each normalised to [0, 1] (0 = no sign of leaving, 1 = the strongest sign):
 *
 * - otifShortfall: OTIF of the last 90 days below the contract target, in points, over 20 points
 *   (target 95 %, OTIF 85 % → 0.5). 0 without due deliveries.
 * - breaches: months × contracts of the last 6 months whose OTIF, on-time or in-full missed the
 *   target, over 6 (one breach every month of one contract → 1).
 * - dissatisfaction: weighted department satisfaction (1–5 scale, last 180 days) as (5 − s)/4.
 * - weakestDepartment: the lowest department score as (5 − s)/4: a client stays only when each
 *   department is satisfied.
 * - satisfactionDecline: drop of the weighted score against the 180 days before, over 2 points.
 * - volumeDecline: fall of the last 90 days' shipments against the 90 before (1 − recent/previous),
 *   0 when volume grew or there was none before.
 * - openComplaints: complaints and claims still open, over 3.
 * - slowClaims: share of the claims of the last 12 months whose resolution took (or, open, has taken)
 *   longer than the contract's claim response time.
 * - contractExpiry: 1 − days to the end of the last contract / 180, when it neither renews
 *   automatically nor has a successor (expired → 1, 180+ days away → 0).
 * - lifecycle: the stage's risk (decline 1, prospect 0.5, development 0.3, maturity 0.2, growth 0).
 * - partnerLoss: share of the company's shipments of the 90 days before the last 90 (as shipper or consignee,
 *   pair by pair) that ran on pairs whose partner has left (terminated by the as-of day) or whose volume on
 *   the pair collapsed (last 90 days at most a fifth of the 90 before). A lost partner is a lost reason to
 *   stay, even when the company's total volume holds up through other pairs.
 *
 * Missing data (no survey, no contract) gives 0: the absence of a sign, not a sign.
 */
export const SIGNALS = [
  'otifShortfall', 'breaches', 'dissatisfaction', 'weakestDepartment', 'satisfactionDecline',
  'volumeDecline', 'openComplaints', 'slowClaims', 'contractExpiry', 'lifecycle', 'partnerLoss',
] as const;

export type SignalName = (typeof SIGNALS)[number];
export type Signals = Record<SignalName, number>;
export type Coefficients = Record<SignalName | 'intercept', number>;

/**
 * Documented defaults (setting 'churn.coefficients'): a company with no signal has r = logistic(−4) ≈ 1.8 %;
 * a full OTIF shortfall or volume collapse alone lifts it to logistic(−2) ≈ 12 %; an expiring contract with
 * a declining, dissatisfied client and missed targets passes 80 %. Fit them to the provider's own history
 * with `npm run churn:fit`.
 */
export const DEFAULT_COEFFICIENTS: Coefficients = {
  intercept: -4,
  otifShortfall: 2,
  breaches: 0.8,
  dissatisfaction: 1.5,
  weakestDepartment: 1,
  satisfactionDecline: 1,
  volumeDecline: 2,
  openComplaints: 0.8,
  slowClaims: 0.7,
  contractExpiry: 1.5,
  lifecycle: 0.8,
  partnerLoss: 1.2,
};

export const SCALES = {
  otifShortfallPoints: 0.2,
  breachMonths: 6,
  satisfactionDropPoints: 2,
  openComplaints: 3,
  contractHorizonDays: 180,
  /** a pair's volume has collapsed when its last 90 days carry at most this share of the 90 before */
  pairCollapseShare: 0.2,
} as const;

export const LIFECYCLE_RISK: Record<LifecycleStage, number> = {
  prospect: 0.5, development: 0.3, growth: 0, maturity: 0.2, decline: 1, terminated: 1,
};

/** Raw facts about one company, as read from rollups, surveys, interactions and contracts. */
export interface ChurnFacts {
  /** last 90 days, as shipper or consignee; target: the due-weighted contract OTIF target, null without one */
  otif: { due: number; otif: number; target: number | null };
  /** (contract, month) misses over the last 6 months */
  breaches: number;
  /** weighted department score (1–5) now and over the 180 days before; weakest department's score */
  satisfaction: { current: number | null; previous: number | null; weakest: number | null };
  /** shipments as shipper or consignee: last 90 days and the 90 before */
  volume: { recent: number; previous: number };
  complaints: { open: number; claims: number; slowClaims: number };
  /** days from today to the end of the company's last contract (negative when expired); null without contract */
  contract: { daysToEnd: number | null; renews: boolean };
  lifecycleStage: LifecycleStage | null;
  /** shipments of the 90 days before the last 90 on all the company's pairs, and on pairs lost since (partner left or volume collapsed) */
  partners?: { before: number; lost: number };
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export function computeSignals(f: ChurnFacts): Signals {
  const otifRate = f.otif.due > 0 ? f.otif.otif / f.otif.due : null;
  const { current, previous, weakest } = f.satisfaction;
  return {
    otifShortfall: otifRate === null || f.otif.target === null ? 0 : clamp01((f.otif.target - otifRate) / SCALES.otifShortfallPoints),
    breaches: clamp01(f.breaches / SCALES.breachMonths),
    dissatisfaction: current === null ? 0 : clamp01((5 - current) / 4),
    weakestDepartment: weakest === null ? 0 : clamp01((5 - weakest) / 4),
    satisfactionDecline: current === null || previous === null ? 0 : clamp01((previous - current) / SCALES.satisfactionDropPoints),
    volumeDecline: f.volume.previous > 0 ? clamp01(1 - f.volume.recent / f.volume.previous) : 0,
    openComplaints: clamp01(f.complaints.open / SCALES.openComplaints),
    slowClaims: f.complaints.claims > 0 ? clamp01(f.complaints.slowClaims / f.complaints.claims) : 0,
    contractExpiry: f.contract.daysToEnd === null || f.contract.renews ? 0 : clamp01(1 - f.contract.daysToEnd / SCALES.contractHorizonDays),
    lifecycle: f.lifecycleStage === null ? 0 : LIFECYCLE_RISK[f.lifecycleStage],
    partnerLoss: f.partners && f.partners.before > 0 ? clamp01(f.partners.lost / f.partners.before) : 0,
  };
}

/** 1 / (1 + e^−x), computed without overflow for large |x|. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export interface SignalContribution {
  signal: SignalName;
  value: number;
  coefficient: number;
  /** coefficient × value: this signal's share of the log-odds */
  contribution: number;
}

/** r = logistic(b0 + Σ b_k·x_k), with each signal's contribution, largest first. */
export function directRisk(signals: Signals, coefficients: Coefficients): { r: number; logOdds: number; contributions: SignalContribution[] } {
  let logOdds = coefficients.intercept;
  const contributions: SignalContribution[] = [];
  for (const signal of SIGNALS) {
    const value = signals[signal];
    const coefficient = coefficients[signal] ?? 0;
    const contribution = coefficient * value;
    logOdds += contribution;
    contributions.push({ signal, value, coefficient, contribution });
  }
  contributions.sort((a, b) => b.contribution - a.contribution || SIGNALS.indexOf(a.signal) - SIGNALS.indexOf(b.signal));
  return { r: logistic(logOdds), logOdds, contributions };
}

/** The signals as a vector in SIGNALS order (for fitting). */
export const signalVector = (signals: Signals): number[] => SIGNALS.map((s) => signals[s]);
