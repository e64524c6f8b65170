/** Shapes of the import and delivery APIs (api/schemas/imports.ts, deliveries.ts). */
export interface PageMeta { page: number; pageSize: number; total: number; pages: number }

/** GET /deliveries: one page by cursor; total counts up to a cap (totalCapped: more match). */
export interface DeliveryPage {
  items: Delivery[];
  pageSize: number;
  position: number;
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ImportJob {
  id: number;
  kind: string;
  status: ImportStatus;
  fileName: string | null;
  bytesRead: number;
  bytesTotal: number | null;
  rowsProcessed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: string[];
  warningsTotal: number;
  rowErrorsTotal: number;
  rowErrorsKept: number;
  /** fewer warnings or row errors were kept than were found */
  capped: boolean;
  error: string | null;
  durationMs: number | null;
  createdBy: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRowError { line: number; column: string | null; value: string | null; message: string }

export type DeliveryStatus = 'delivered' | 'in_transit' | 'exception' | 'returned' | 'lost' | 'cancelled';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['delivered', 'in_transit', 'exception', 'returned', 'lost', 'cancelled'];

export interface CompanyRef { id: number; code: string; name: string }

export interface Delivery {
  id: number;
  trackingNo: string;
  shipper: CompanyRef;
  consignee: CompanyRef;
  pairId: number;
  contract: { id: number; code: string } | null;
  origin: string | null;
  destination: string | null;
  pickedUpAt: string | null;
  promisedAt: string;
  deliveredAt: string | null;
  status: DeliveryStatus;
  piecesExpected: number;
  piecesDelivered: number;
  damagedPieces: number;
  revenue: number | null;
  cost: number | null;
  importJobId: number | null;
  updatedAt: string;
}

export const isFinished = (job: ImportJob) => job.status === 'succeeded' || job.status === 'failed';
