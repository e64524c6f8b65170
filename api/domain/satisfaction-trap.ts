/**
 * Satisfaction-trap thresholds (setting 'satisfaction.trap'):
 * - basicMin: the basic items' mean (1–5) in the latest period at or above which the basics count as "high";
 * - loyaltyDrop: a fall of the loyalty items' mean by at least this many points against the period before;
 * - volumeDrop: a fall of the last 90 days' shipments by at least this fraction against the 90 days before.
 * The trap is flagged when the basics are high and loyalty or volume falls.
 */
export interface TrapThresholds {
  basicMin: number;
  loyaltyDrop: number;
  volumeDrop: number;
}

export const DEFAULT_TRAP_THRESHOLDS: TrapThresholds = { basicMin: 4, loyaltyDrop: 0.3, volumeDrop: 0.1 };

export interface TrapInput {
  basicLatest: number | null;
  loyaltyTrend: number | null;
  /** fractional change of volume, −1..∞, or null when there was no earlier volume */
  volumeChange: number | null;
}

/** tolerance for floating-point means landing a hair short of a threshold */
const EPS = 1e-9;

export type TrapReason = 'loyalty_falling' | 'volume_falling';

export function satisfactionTrap(input: TrapInput, t: TrapThresholds): { flag: boolean; reasons: TrapReason[] } {
  const reasons: TrapReason[] = [];
  if (input.loyaltyTrend !== null && input.loyaltyTrend <= -t.loyaltyDrop + EPS) reasons.push('loyalty_falling');
  if (input.volumeChange !== null && input.volumeChange <= -t.volumeDrop + EPS) reasons.push('volume_falling');
  const basicsHigh = input.basicLatest !== null && input.basicLatest >= t.basicMin - EPS;
  return { flag: basicsHigh && reasons.length > 0, reasons: basicsHigh ? reasons : [] };
}
