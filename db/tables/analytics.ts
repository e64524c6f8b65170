import type { Generated } from 'kysely';
import type { DateString, Numeric, LifecycleStage } from './accounts';
import type { GeneratedTimestamp, Timestamp } from './foundation';

/** Measures of a rollup row: counts over due deliveries, sums, and the transit histogram. */
interface RollupMeasures {
  /** non-cancelled deliveries promised in the period, due or not */
  shipments: Generated<number>;
  due: Generated<number>;
  delivered: Generated<number>;
  on_time: Generated<number>;
  in_full: Generated<number>;
  otif: Generated<number>;
  perfect: Generated<number>;
  pieces_expected: Generated<number>;
  pieces_delivered: Generated<number>;
  damaged_pieces: Generated<number>;
  /** the same counts over the due deliveries whose cause the contract excuses (migration 1203_0400) */
  excused_due: Generated<number>;
  excused_delivered: Generated<number>;
  excused_on_time: Generated<number>;
  excused_in_full: Generated<number>;
  excused_otif: Generated<number>;
  excused_perfect: Generated<number>;
  excused_pieces_expected: Generated<number>;
  excused_pieces_delivered: Generated<number>;
  excused_damaged_pieces: Generated<number>;
  transit_count: Generated<number>;
  transit_hours_sum: Generated<number>;
  /** whole transit hours present (ascending), with transit_counts[i] deliveries each */
  transit_buckets: Generated<number[]>;
  transit_counts: Generated<number[]>;
  revenue: Numeric;
  cost: Numeric;
  refreshed_at: GeneratedTimestamp;
}

interface RollupKey {
  shipper_id: number;
  consignee_id: number;
  contract_id: Generated<number>;
  origin: Generated<string>;
  destination: Generated<string>;
}

/** Per (shipper, business day of promised_at, consignee, contract or 0, origin or '', destination or ''). */
export interface DailyServiceRollupsTable extends RollupKey, RollupMeasures {
  day: DateString;
}

/** The daily rows of a calendar month summed; month is its first day. */
export interface MonthlyServiceRollupsTable extends RollupKey, RollupMeasures {
  month: DateString;
}

/** (shipper, month) whose monthly rows wait to be recomputed from the daily ones. */
export interface MonthlyRollupQueueTable {
  shipper_id: number;
  month: DateString;
  queued_at: GeneratedTimestamp;
}

export type SurveyItem = 'timeliness' | 'accuracy' | 'condition' | 'billing' | 'proactiveness' | 'communication' | 'value_added';

export interface SurveyResponsesTable {
  id: Generated<number>;
  company_id: number;
  department_id: number;
  pair_id: number | null;
  side: 'shipper' | 'consignee';
  channel: Generated<'portal' | 'phone' | 'email' | 'visit'>;
  respondent_user_id: number | null;
  respondent_name: string | null;
  submitted_at: GeneratedTimestamp;
  timeliness: number | null;
  accuracy: number | null;
  condition: number | null;
  billing: number | null;
  proactiveness: number | null;
  communication: number | null;
  value_added: number | null;
  /** likelihood to recommend, 0–10 */
  recommend: number | null;
  comment: string | null;
}

export interface LifecycleHistoryTable {
  id: Generated<number>;
  company_id: number;
  stage: LifecycleStage;
  previous_stage: LifecycleStage | null;
  changed_at: GeneratedTimestamp;
}

export type { Timestamp };
