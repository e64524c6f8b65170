import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './foundation';
import type { DateString } from './accounts';

/** jsonb with a database default, written as a JSON string */
type DefaultJson<T> = ColumnType<T, string | undefined, string>;

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** A link from an alert to the object that proves it (the portal turns it into a page address). */
export interface EvidenceLink {
  type: 'company' | 'contract' | 'pair' | 'survey' | 'churn' | 'compliance';
  id: number;
  /** the company page the object is shown on (pairs, surveys, churn) */
  companyId?: number;
  month?: string;
  label: string;
}

/** One figure behind an alert: `key` names it (translated in the portal), with the target it missed when there is one. */
export interface EvidenceFact {
  key: string;
  value: number | string | null;
  target?: number | null;
  unit: 'ratio' | 'count' | 'hours' | 'score' | 'money' | 'days' | 'date' | 'text' | 'points';
}

export interface AlertEvidence {
  links: EvidenceLink[];
  facts: EvidenceFact[];
}

export interface AlertsTable {
  id: Generated<number>;
  rule: string;
  cause_key: string;
  company_id: number;
  pair_id: number | null;
  contract_id: number | null;
  severity: AlertSeverity;
  period: string | null;
  params: DefaultJson<Record<string, string | number | null>>;
  evidence: DefaultJson<AlertEvidence>;
  raised_at: GeneratedTimestamp;
}

export interface AlertStatesTable {
  alert_id: number;
  user_id: number;
  routed: Generated<boolean>;
  read_at: Timestamp | null;
  snoozed_until: Timestamp | null;
  dismissed_at: Timestamp | null;
  dismiss_reason: string | null;
  emailed_at: Timestamp | null;
}

export interface AlertDigestsTable {
  user_id: number;
  day: DateString;
  alerts: Generated<number>;
  attempts: Generated<number>;
  sent_at: Timestamp | null;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
}

export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface TasksTable {
  id: Generated<number>;
  title: string;
  notes: string | null;
  owner_id: number;
  due_at: Timestamp | null;
  status: Generated<TaskStatus>;
  priority: Generated<TaskPriority>;
  company_id: number;
  pair_id: number | null;
  contract_id: number | null;
  alert_id: number | null;
  interaction_id: number | null;
  /** a claim the task answers (migration 1208_0100) */
  claim_id: Generated<number | null>;
  for_review: Generated<boolean>;
  due_in_past_on_creation: Generated<boolean>;
  created_by: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
  completed_at: Timestamp | null;
}

export type SavedViewList = 'companies' | 'churn' | 'contracts' | 'deliveries';

export interface SavedViewsTable {
  id: Generated<number>;
  user_id: number;
  list: SavedViewList;
  name: string;
  search: Generated<string>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** Periodic work done once per business day (the nightly evaluation, the digest round): the last day it ran. */
export interface WorkbenchRunsTable {
  name: string;
  last_day: DateString;
  last_at: GeneratedTimestamp;
}

/** Shared periodic work across processes (migration 1203_0500): how often it ran, and whether a run is owed. */
export interface PeriodicRunsTable {
  name: string;
  runs: Generated<number>;
  pending: Generated<boolean>;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_runner: string | null;
}
