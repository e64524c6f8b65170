import type { ColumnType, Generated } from 'kysely';
import type { GeneratedTimestamp } from './foundation';

/** numeric with a database default: read as a number */
type DefaultNumeric = ColumnType<number, number | string | undefined, number | string>;
/** jsonb with a database default, written as a JSON string */
type DefaultJson<T> = ColumnType<T, string | undefined, string>;

export interface ChurnRunsTable {
  id: Generated<number>;
  computed_at: GeneratedTimestamp;
  trigger: Generated<'manual' | 'import' | 'cli'>;
  alpha: number;
  tolerance: number;
  iterations: number;
  converged: boolean;
  companies: number;
  pairs: number;
  revenue_12m: DefaultNumeric;
  /** Σ over pairs of P(shipper or consignee churns) × pair revenue (12 months) */
  revenue_at_risk: DefaultNumeric;
  /** the same with direct risks only (no cascade) */
  direct_revenue_at_risk: DefaultNumeric;
  /** revenue_at_risk − direct_revenue_at_risk */
  cascade_revenue_at_risk: DefaultNumeric;
  coefficients: DefaultJson<Record<string, number>>;
  duration_ms: Generated<number>;
}

/** One signal's share of the linear predictor: coefficient × normalised value. */
export interface StoredContribution {
  signal: string;
  value: number;
  coefficient: number;
  contribution: number;
}

/** A neighbour whose possible churn raises this company's risk most. */
export interface StoredNeighbour {
  companyId: number;
  pairId: number | null;
  /** w_ij: share of this company's deliveries that ran on the pair with the neighbour */
  weight: number;
  /** the message m_j→i: probability the neighbour churns, leaving out the echo back along this pair */
  neighbourRisk: number;
  /** α · w_ij · m_j→i: probability this neighbour alone makes the company churn */
  contagion: number;
}

export interface ChurnScoresTable {
  run_id: number;
  company_id: number;
  direct_risk: number;
  total_risk: number;
  cascade_risk: number;
  revenue_12m: DefaultNumeric;
  profit_12m: DefaultNumeric;
  /** exposure: Σ over the company's pairs of P(either side churns) × the pair's 12-month revenue */
  revenue_at_risk: DefaultNumeric;
  /** revenue of the deliveries made to the company (what it carries as consignee) */
  transfer_value_12m: DefaultNumeric;
  /** the part of revenue at risk on pairs where the company is the shipper (each pair counted once), with p and with r */
  billed_at_risk: DefaultNumeric;
  direct_billed_at_risk: DefaultNumeric;
  signals: DefaultJson<Record<string, unknown>>;
  contributions: DefaultJson<StoredContribution[]>;
  top_neighbours: DefaultJson<StoredNeighbour[]>;
}
