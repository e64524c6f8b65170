import { z } from '../openapi';
import type { Executor } from '../../db/database';
import { getSetting } from '../services/settings';

/**
 * Setting 'alerts.thresholds': when a signal becomes an alert. Every rule reads its own values from here.
 */
export const AlertThresholdsSchema = z.strictObject({
  /** closed months are evaluated when they closed within the last this many months (older ones are history, not news) */
  closedMonthLookback: z.number().int().min(1).max(12),
  /** a running month is projected once this share of it has passed (too early, and a handful of deliveries decide) */
  runningMonthMinElapsed: z.number().min(0).max(1),
  /** a partner that terminated within this many days raises an alert on the other side of each pair */
  partnerTerminatedDays: z.number().int().min(1).max(365),
  /** a pair's last 30 days against the 30-day average of the 90 days before: a fall of at least this share is a collapse */
  volumeCollapseDrop: z.number().gt(0).max(1),
  /** … when the pair carried at least this many shipments in those 90 days */
  volumeCollapseMinShipments: z.number().int().min(1),
  /** detractor answers submitted within this many days raise an alert (older answers are history) */
  detractorDays: z.number().int().min(1).max(365),
  /** a company's weighted satisfaction falling by at least this many points (1–5 scale), period on period */
  satisfactionDrop: z.number().gt(0).max(4),
  /** a contract ending within this many days without renewal */
  contractEndingDays: z.number().int().min(1).max(365),
  /** total churn risk rising by at least this much (0.1 = ten points) from one run to the next */
  churnJump: z.number().gt(0).max(1),
}).openapi('AlertThresholds');

export type AlertThresholds = z.infer<typeof AlertThresholdsSchema>;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  closedMonthLookback: 2,
  runningMonthMinElapsed: 0.25,
  partnerTerminatedDays: 30,
  volumeCollapseDrop: 0.5,
  volumeCollapseMinShipments: 20,
  detractorDays: 30,
  satisfactionDrop: 0.5,
  contractEndingDays: 90,
  churnJump: 0.1,
};

export const ALERT_THRESHOLDS_KEY = 'alerts.thresholds';

export const alertThresholds = (db: Executor) => getSetting<AlertThresholds>(db, ALERT_THRESHOLDS_KEY, DEFAULT_ALERT_THRESHOLDS);
