import type { PolicyColumn } from '../auth/field-policy';
import type { listCompaniesFor } from '../services/companies-service';
import type { listContractsFor } from '../services/contracts-service';
import type { listChurn } from '../churn/read';
import type { listDeliveriesFor } from '../services/deliveries-service';

type Column<T> = PolicyColumn<T>;
type Company = Awaited<ReturnType<typeof listCompaniesFor>>['items'][number];
type Contract = Awaited<ReturnType<typeof listContractsFor>>['items'][number];
type Delivery = Awaited<ReturnType<typeof listDeliveriesFor>>['items'][number];
type ChurnItem = Awaited<ReturnType<typeof listChurn>>['items'][number];

export const COMPANY_COLUMNS: Column<Company>[] = [
  { header: 'code', value: (c) => c.code },
  { header: 'name', value: (c) => c.name },
  { header: 'roles', value: (c) => c.roles.join(' ') },
  { header: 'industry', value: (c) => c.industry },
  { header: 'region', value: (c) => c.region },
  { header: 'account_manager', value: (c) => c.accountManagerName },
  { header: 'lifecycle_stage', value: (c) => c.lifecycleStage },
  // as the list shows them: of the latest churn run, empty for a client
  { header: 'churn_risk', field: 'churnRisk', value: (c) => c.churnRisk },
  { header: 'revenue_12m', field: 'revenue12m', value: (c) => c.revenue12m },
  { header: 'est_annual_shipments', field: 'estAnnualShipments', value: (c) => c.estAnnualShipments },
  { header: 'customer_since', value: (c) => c.customerSince },
  { header: 'archived_at', value: (c) => c.archivedAt },
];

/** The rows come through the field policy (api/auth/field-policy.ts): a column names the field it shows. */
export function contractColumns(): Column<Contract>[] {
  return [
    { header: 'code', value: (c) => c.code },
    { header: 'name', value: (c) => c.name },
    { header: 'shipper_code', value: (c) => c.shipperCode },
    { header: 'shipper', value: (c) => c.shipperName },
    { header: 'start_date', value: (c) => c.startDate },
    { header: 'end_date', value: (c) => c.endDate },
    { header: 'auto_renew', value: (c) => c.autoRenew },
    { header: 'currency', value: (c) => c.currency },
    { header: 'monthly_fee', field: 'monthlyFee', value: (c) => c.monthlyFee },
    { header: 'on_time_target', value: (c) => c.onTimeTarget },
    { header: 'in_full_target', value: (c) => c.inFullTarget },
    { header: 'otif_target', value: (c) => c.otifTarget },
    { header: 'max_damage_rate', value: (c) => c.maxDamageRate },
    { header: 'max_avg_transit_hours', value: (c) => c.maxAvgTransitHours },
    { header: 'claim_response_hours', value: (c) => c.claimResponseHours },
    { header: 'credit_tiers', field: 'creditTiers', value: (c) => c.creditTiers?.map((t) => `${t.shortfall}:${t.percent}`).join(' ') },
    { header: 'credit_cap_percent', field: 'creditCapPercent', value: (c) => c.creditCapPercent },
    { header: 'settling_days', value: (c) => c.settlingDays },
    { header: 'min_due_count', value: (c) => c.minDueCount },
    // as the list shows them (empty for a consignee's client): the latest closed month and the credits owed
    { header: 'latest_closed_month', value: (c) => c.compliance?.latestClosed?.month ?? null },
    { header: 'latest_closed_verdict', value: (c) => c.compliance?.latestClosed?.verdict ?? null },
    { header: 'credits_owed', field: 'creditsOwed', value: (c) => c.compliance?.creditsOwed ?? null },
    { header: 'archived_at', value: (c) => c.archivedAt },
  ];
}

export const DELIVERY_COLUMNS: Column<Delivery>[] = [
  { header: 'tracking_no', value: (d) => d.trackingNo },
  { header: 'shipper_code', value: (d) => d.shipper.code },
  { header: 'shipper', value: (d) => d.shipper.name },
  { header: 'consignee_code', value: (d) => d.consignee.code },
  { header: 'consignee', value: (d) => d.consignee.name },
  { header: 'contract', value: (d) => d.contract?.code ?? null },
  { header: 'origin', value: (d) => d.origin },
  { header: 'destination', value: (d) => d.destination },
  { header: 'picked_up_at', value: (d) => d.pickedUpAt },
  { header: 'promised_at', value: (d) => d.promisedAt },
  { header: 'delivered_at', value: (d) => d.deliveredAt },
  { header: 'status', value: (d) => d.status },
  { header: 'pieces_expected', value: (d) => d.piecesExpected },
  { header: 'pieces_delivered', value: (d) => d.piecesDelivered },
  { header: 'damaged_pieces', value: (d) => d.damagedPieces },
  { header: 'revenue', field: 'revenue', value: (d) => d.revenue },
  { header: 'cost', field: 'cost', value: (d) => d.cost },
];

export const CHURN_COLUMNS: Column<ChurnItem>[] = [
  { header: 'code', value: (s) => s.code },
  { header: 'name', value: (s) => s.name },
  { header: 'churn_risk_12m', value: (s) => s.risk },
  { header: 'direct_risk', value: (s) => s.directRisk },
  { header: 'cascade_risk', value: (s) => s.cascadeRisk },
  { header: 'revenue_12m', value: (s) => s.revenue12m },
  { header: 'revenue_at_risk', value: (s) => s.revenueAtRisk },
  { header: 'abc_class', value: (s) => s.abcClass },
  { header: 'clv', value: (s) => s.clv },
  { header: 'advice', value: (s) => s.advice.action },
];
