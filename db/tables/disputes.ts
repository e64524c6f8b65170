import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './foundation';

export type DisputeStatus = 'open' | 'decided';
export type DisputeLineStatus = 'open' | 'accepted' | 'rejected';

/** The month's contractual KPIs and credit when the dispute was filed (api/disputes/rules.ts MonthFigures). */
export interface DisputeSnapshot {
  due: number;
  excused: number;
  onTimeRate: number | null;
  inFullRate: number | null;
  otifRate: number | null;
  damageRate: number | null;
  avgTransitHours: number | null;
  verdict: string;
  breaches: string[];
  worstKpi: string | null;
  worstShortfall: number;
  creditPercent: number;
  creditAmount: number;
}

export interface DisputesTable {
  id: Generated<number>;
  contract_id: number;
  shipper_id: number;
  month: string;
  status: Generated<DisputeStatus>;
  comment: string | null;
  before: ColumnType<DisputeSnapshot, string, string>;
  filed_by: number | null;
  filed_at: GeneratedTimestamp;
  decided_at: Timestamp | null;
}

export interface DisputeLinesTable {
  id: Generated<number>;
  dispute_id: number;
  delivery_id: number;
  cause: string;
  comment: string | null;
  status: Generated<DisputeLineStatus>;
  previous_cause: string | null;
  decision_note: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
}
