import type { LifecycleStage } from '../../db/tables/accounts';

/**
 * Lifecycle thresholds (setting 'lifecycle.thresholds'):
 * - developmentDays: a customer whose tenure is shorter than this is in development;
 * - growthRate: last 90 days' volume against the 90 before rising by at least this fraction → growth;
 * - declineRate: falling by at least this fraction → decline (between the two: maturity);
 * - inactiveDays: no shipment for this many days → terminated.
 */
export interface LifecycleThresholds {
  developmentDays: number;
  growthRate: number;
  declineRate: number;
  inactiveDays: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = {
  developmentDays: 180, growthRate: 0.15, declineRate: 0.15, inactiveDays: 180,
};

export interface LifecycleInput {
  /** 'YYYY-MM-DD' of the business day the stage is computed for */
  asOf: string;
  /** the contractual start; when absent the first shipment day stands in */
  customerSince: string | null;
  /** terminated_at is set and has passed */
  terminated: boolean;
  firstShipmentDay: string | null;
  lastShipmentDay: string | null;
  /** shipments in the 90 days ending asOf, and in the 90 days before those */
  recent90: number;
  previous90: number;
}

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * In order: terminated (terminated_at set, or no shipment for inactiveDays); prospect (never shipped);
 * development (tenure below developmentDays); growth / decline / maturity from the 90-day volume change
 * (volume where there was none before counts as growth; none in either window, short of inactiveDays, as decline).
 */
export function lifecycleStage(input: LifecycleInput, t: LifecycleThresholds): LifecycleStage {
  if (input.terminated) return 'terminated';
  if (!input.firstShipmentDay || !input.lastShipmentDay) return 'prospect';
  if (daysBetween(input.lastShipmentDay, input.asOf) >= t.inactiveDays) return 'terminated';
  const since = input.customerSince && input.customerSince < input.firstShipmentDay ? input.customerSince : input.firstShipmentDay;
  if (daysBetween(since, input.asOf) < t.developmentDays) return 'development';
  if (input.previous90 === 0) return input.recent90 > 0 ? 'growth' : 'decline';
  const change = (input.recent90 - input.previous90) / input.previous90;
  if (change >= t.growthRate) return 'growth';
  if (change <= -t.declineRate) return 'decline';
  return 'maturity';
}
