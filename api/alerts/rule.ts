import type { Executor } from '../../db/database';
import type { AlertEvidence, AlertSeverity } from '../../db/tables/workbench';
import type { AlertThresholds } from './thresholds';

/**
 * When rules are evaluated: after a delivery import, after a survey answer (for the answering company only),
 * on the rollup clock (every few minutes: a month closes and deliveries fall due by the clock), nightly, and
 * on demand (an admin's "evaluate now"). Nightly and manual evaluations run every rule.
 */
export type AlertTrigger = 'import' | 'survey' | 'clock' | 'nightly' | 'manual';

export interface RuleContext {
  db: Executor;
  now: Date;
  /** the business day of `now` */
  today: string;
  timeZone: string;
  thresholds: AlertThresholds;
  /** evaluate these companies only (a survey answer); undefined = every company */
  companyIds?: readonly number[];
}

/** What a rule found: one cause. `causeKey` is unique across all alerts ever raised (rule, subject, period). */
export interface AlertCandidate {
  rule: string;
  causeKey: string;
  companyId: number;
  pairId?: number | null;
  contractId?: number | null;
  severity: AlertSeverity;
  /** the period the cause belongs to ('2026-03', a day), or null for a cause that happens once */
  period: string | null;
  /** values the title is written with (names, KPI, month) */
  params: Record<string, string | number | null>;
  evidence: AlertEvidence;
}

/**
 * One alert rule: the signals it reads (`evaluate` calls query functions and a pure decision) and the
 * triggers it runs on. A new rule is one file in api/alerts/rules/ added to the registry there.
 */
export interface AlertRule {
  id: string;
  triggers: readonly AlertTrigger[];
  evaluate(ctx: RuleContext): Promise<AlertCandidate[]>;
}
