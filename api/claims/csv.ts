import type { Actor } from '../context';
import { toCsv } from '../csv';
import { policyColumnsEach, type PolicyColumn } from '../auth/field-policy';
import type { Claim } from './service';

const COLUMNS: PolicyColumn<Claim>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'kind', value: (c) => c.kind },
  { header: 'status', value: (c) => c.status },
  { header: 'shipper', value: (c) => c.shipperName },
  { header: 'filed_by_company', value: (c) => c.filedCompanyName },
  { header: 'tracking_nos', value: (c) => c.deliveries.map((d) => d.trackingNo).join(' ') },
  { header: 'contract', value: (c) => c.contractCode },
  { header: 'amount_claimed', field: 'amountClaimed', value: (c) => c.amountClaimed },
  { header: 'amount_settled', field: 'amountSettled', value: (c) => c.amountSettled },
  { header: 'currency', value: (c) => c.currency },
  { header: 'filed_at', value: (c) => c.filedAt },
  { header: 'acknowledged_at', value: (c) => c.acknowledgedAt },
  { header: 'response_hours', value: (c) => c.responseHours },
  { header: 'response_target_hours', value: (c) => c.responseTargetHours },
  { header: 'responded_late', value: (c) => c.respondedLate },
  { header: 'paid_at', value: (c) => c.paidAt },
  { header: 'description', value: (c) => c.description },
  { header: 'settlement_note', field: 'settlementNote', value: (c) => c.settlementNote },
];

/** The claims list as CSV (formula guard of api/csv.ts; columns through the field policy). */
export const claimsCsv = (actor: Actor, items: readonly Claim[]) =>
  toCsv(items, policyColumnsEach(actor, 'claim', COLUMNS, items.map((c) => c.shipperId)));
