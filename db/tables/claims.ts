import type { Generated } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './foundation';
import type { Numeric } from './accounts';

export type ClaimKind = 'over' | 'short' | 'damaged' | 'lost';
export type ClaimStatus = 'filed' | 'acknowledged' | 'investigating' | 'approved' | 'rejected' | 'paid';

/** A claim (OS&D) on deliveries of one shipper (migration 1208_0100). */
export interface ClaimsTable {
  id: Generated<number>;
  shipper_id: number;
  /** the client company that filed it (the shipper when staff filed it for them) */
  filed_company_id: number;
  contract_id: number | null;
  kind: ClaimKind;
  status: Generated<ClaimStatus>;
  amount_claimed: Numeric;
  amount_settled: Numeric | null;
  settlement_note: string | null;
  currency: Generated<string>;
  description: Generated<string>;
  /** the contract's claim-response target when filed (else the setting) */
  response_target_hours: Numeric;
  filed_at: GeneratedTimestamp;
  acknowledged_at: Timestamp | null;
  paid_at: Timestamp | null;
  filed_by: number | null;
  updated_at: GeneratedTimestamp;
}

export interface ClaimDeliveriesTable {
  claim_id: number;
  shipper_id: number;
  delivery_id: number;
  tracking_no: string;
  consignee_id: number;
}

export interface ClaimHistoryTable {
  id: Generated<number>;
  claim_id: number;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus;
  actor_id: number | null;
  at: GeneratedTimestamp;
  note: string | null;
}

export interface ClaimAttachmentsTable {
  id: Generated<number>;
  claim_id: number;
  file_name: string | null;
  content_type: string;
  bytes: number;
  sha256: string;
  storage_name: string;
  uploaded_by: number | null;
  uploaded_at: GeneratedTimestamp;
}
