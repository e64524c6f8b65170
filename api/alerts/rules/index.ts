import type { AlertRule } from '../rule';
import { closedMonthBreachRule } from './closed-month-breach';
import { runningMonthBreachRule } from './running-month-breach';
import { partnerTerminatedRule } from './partner-terminated';
import { pairVolumeCollapseRule } from './pair-volume-collapse';
import { detractorAnswerRule } from './detractor-answer';
import { satisfactionFallingRule } from './satisfaction-falling';
import { contractEndingRule } from './contract-ending';
import { churnJumpRule } from './churn-jump';
import { claimOverdueRule } from './claim-overdue';

/**
 * Every alert rule (DESIGN.md §10). To add one, write api/alerts/rules/<rule>.ts exporting an AlertRule and list it here; the engine,
 * the inbox, the digest and the portal's rule filter take it from this list.
 */
export const ALERT_RULES: readonly AlertRule[] = [
  closedMonthBreachRule,
  runningMonthBreachRule,
  partnerTerminatedRule,
  pairVolumeCollapseRule,
  detractorAnswerRule,
  satisfactionFallingRule,
  contractEndingRule,
  churnJumpRule,
  claimOverdueRule,
];

export const ALERT_RULE_IDS = ALERT_RULES.map((r) => r.id);
