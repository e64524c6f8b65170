import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './foundation';

/** A calendar date as 'YYYY-MM-DD' (pg type date is parsed to a string, never a Date). */
export type DateString = ColumnType<string, string, string>;
/** numeric columns are parsed to numbers by the connection factory */
export type Numeric = ColumnType<number, number | string, number | string>;

export type LifecycleStage = 'prospect' | 'development' | 'growth' | 'maturity' | 'decline' | 'terminated';

export interface CompaniesTable {
  id: Generated<number>;
  code: string;
  name: string;
  is_shipper: boolean;
  is_consignee: boolean;
  industry: string | null;
  region: string | null;
  address: string | null;
  account_manager_id: number | null;
  est_annual_shipments: number | null;
  service_lines: Generated<string[]>;
  notes: string | null;
  customer_since: DateString | null;
  lifecycle_stage: LifecycleStage | null;
  lifecycle_changed_at: Timestamp | null;
  terminated_at: Timestamp | null;
  archived_at: Timestamp | null;
  /** nameSortKey(name) (api/domain/name-sort-key.ts): the pinyin order of names; null until filled */
  name_sort_key: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type DepartmentKind =
  | 'procurement' | 'warehouse' | 'finance' | 'logistics' | 'sales' | 'customer_service' | 'other';

export interface DepartmentsTable {
  id: Generated<number>;
  company_id: number;
  kind: DepartmentKind;
  name: string;
  /** null = share the remaining weight equally with the other unweighted departments */
  weight: Numeric | null;
  key_contact_id: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ContactsTable {
  id: Generated<number>;
  company_id: number;
  department_id: number | null;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  preferred_channel: string | null;
  notes: string | null;
  archived_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CustomerPairsTable {
  id: Generated<number>;
  shipper_id: number;
  consignee_id: number;
  source: 'manual' | 'import';
  notes: string | null;
  archived_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CreditTier {
  /** shortfall against the target, as a fraction (0.02 = two points) */
  shortfall: number;
  /** percent of the monthly fee credited, as a fraction (0.05 = 5 %) */
  percent: number;
}

export interface ContractsTable {
  id: Generated<number>;
  shipper_id: number;
  code: string;
  name: string | null;
  start_date: DateString;
  end_date: DateString;
  auto_renew: Generated<boolean>;
  monthly_fee: Numeric;
  currency: Generated<string>;
  on_time_target: Numeric | null;
  in_full_target: Numeric | null;
  otif_target: Numeric | null;
  max_damage_rate: Numeric | null;
  max_avg_transit_hours: Numeric | null;
  grace_minutes: Generated<number>;
  /** when set, on-time is a window [promised − early_tolerance, promised + grace] */
  early_tolerance_minutes: number | null;
  claim_response_hours: Numeric | null;
  credit_tiers: JSONColumnType<CreditTier[], string, string>;
  credit_cap_percent: Numeric | null;
  /** days after a month's end before the month is closed (DESIGN.md §5) */
  settling_days: Generated<number>;
  /** due deliveries a month needs for a verdict (met or breached) */
  min_due_count: Generated<number>;
  /** causes whose deliveries leave the contractual KPIs (migration 1203_0400) */
  excused_causes: Generated<string[]>;
  archived_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

/** A contract limited to some consignees; a contract with no rows here covers all of its shipper's consignees. */
export interface ContractConsigneesTable {
  contract_id: number;
  consignee_id: number;
}

export type InteractionKind = 'call' | 'visit' | 'email' | 'meeting' | 'complaint' | 'claim';

export interface InteractionsTable {
  id: Generated<number>;
  company_id: number;
  kind: InteractionKind;
  occurred_at: Timestamp;
  department_id: number | null;
  pair_id: number | null;
  summary: string;
  owner_id: number | null;
  /** complaints and claims: when opened and when resolved (null = still open) */
  opened_at: Timestamp | null;
  resolved_at: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
