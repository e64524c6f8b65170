import type { Generated } from 'kysely';
import type { DateString, Numeric, LifecycleStage } from './accounts';
import type { GeneratedTimestamp, Timestamp } from './foundation';

/** Per (shipper, business day of promised_at, consignee, contract or 0, origin or '', destination or ''). */
export interface DailyServiceRollupsTable {
  shipper_id: number;
  day: DateString;
  consignee_id: number;
  contract_id: Generated<number>;
  origin: Generated<string>;
  destination: Generated<string>;
  /** non-cancelled deliveries promised that day, due or not */
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
  transit_count: Generated<number>;
  transit_hours_sum: Generated<number>;
  revenue: Numeric;
  cost: Numeric;
  refreshed_at: GeneratedTimestamp;
}

export interface DailyTransitHistogramTable {
  shipper_id: number;
  day: DateString;
  consignee_id: number;
  contract_id: Generated<number>;
  origin: Generated<string>;
  destination: Generated<string>;
  /** floor of transit hours */
  bucket_hours: number;
  count: number;
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
