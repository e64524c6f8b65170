import type { Generated, JSONColumnType } from 'kysely';
import type { GeneratedTimestamp, Timestamp } from './foundation';
import type { Numeric } from './accounts';

export type DeliveryStatus = 'delivered' | 'in_transit' | 'exception' | 'returned' | 'lost' | 'cancelled';

/** Distributed by shipper_id (Citus-ready): every unique key includes it. */
export interface DeliveriesTable {
  shipper_id: number;
  tracking_no: string;
  id: Generated<number>;
  consignee_id: number;
  pair_id: number;
  contract_id: number | null;
  origin: string | null;
  destination: string | null;
  picked_up_at: Timestamp | null;
  promised_at: Timestamp;
  delivered_at: Timestamp | null;
  status: DeliveryStatus;
  pieces_expected: number;
  pieces_delivered: number;
  damaged_pieces: number;
  revenue: Numeric;
  cost: Numeric;
  /** DESIGN.md §5 cause of a late, short or damaged delivery (migration 1203_0400) */
  exception_cause: Generated<string | null>;
  import_job_id: number | null;
  /** the file line the row was last written from (migration 0600) */
  import_line: Generated<number | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ImportJobsTable {
  id: Generated<number>;
  kind: Generated<string>;
  status: ImportJobStatus;
  file_name: string | null;
  /** SHA-256 (hex) of the file's bytes, when known before the import ran (migration 1201_0400) */
  file_sha256: Generated<string | null>;
  bytes_total: number | null;
  bytes_read: Generated<number>;
  rows_processed: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  /** the first warnings (at most the setting 'import.kept'.warnings); warnings_total counts them all */
  warnings: JSONColumnType<string[], string | undefined, string>;
  warnings_total: Generated<number>;
  /** row errors found, and how many of them are stored in import_row_errors (migration 1202_0310) */
  row_errors_total: Generated<number>;
  row_errors_kept: Generated<number>;
  error_message: string | null;
  created_by: number | null;
  created_at: GeneratedTimestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** moved on by the running process every few seconds; a job without a recent one lost its process (migration 1203_0500) */
  heartbeat_at: Timestamp | null;
  /** the process running it (host:pid:start) */
  runner: string | null;
}

/** shipper_id is 0 when the row's shipper could not be resolved. */
export interface ImportRowErrorsTable {
  shipper_id: number;
  job_id: number;
  line: number;
  column_name: string | null;
  value: string | null;
  message: string;
}
