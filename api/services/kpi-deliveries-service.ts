import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { policyColumnsEach, type PolicyColumn } from '../auth/field-policy';
import { toCsv } from '../csv';
import { DELIVERY_COLUMNS } from '../exports/columns';
import { DELIVERY_COUNT_CAP } from '../schemas/deliveries';
import type { KpiDeliveriesQuery } from '../schemas/kpi-deliveries';
import type { DeliveryFilter } from '../queries/deliveries';
import { assertKpiReader, buildFilter, resolveRange } from './service-kpis-service';
import { listDeliveriesFor } from './deliveries-service';

/**
 * The question a KPI figure answered (GET /analytics/service: its filter and range), put to the deliveries:
 * the same scope checks (another tenant's contract is a 404), the same range, and the figure's own
 * condition (delivery-flags.ts), so the list holds exactly the deliveries the figure counted.
 */
async function drillFilter(db: Executor, actor: Actor, q: KpiDeliveriesQuery, timeZone: string, now: Date) {
  assertKpiReader(actor);
  const range = resolveRange(q, timeZone, now);
  const { filter } = await buildFilter(db, actor, { ...q, groupBy: 'none', format: 'json' }, range);
  const kpi = { measure: q.kpi, outcome: q.outcome, basis: q.basis };
  const drill: DeliveryFilter | null = filter && {
    shipperId: filter.shipperId, consigneeId: filter.consigneeId, contractId: filter.contractId,
    origin: filter.origin, destination: filter.destination, promisedFrom: range.from, promisedTo: range.to, kpi,
  };
  return { range, kpi, drill };
}

export async function kpiDeliveries(db: Executor, actor: Actor, q: KpiDeliveriesQuery, timeZone: string, now = new Date()) {
  const { range, kpi, drill } = await drillFilter(db, actor, q, timeZone, now);
  const page = drill
    ? await listDeliveriesFor(db, actor, { ...drill, cursor: q.cursor, pageSize: q.pageSize }, timeZone)
    : { items: [], meta: { pageSize: q.pageSize, position: 1, total: 0, totalCapped: false, nextCursor: null, prevCursor: null } };
  return { ...page, from: range.from, to: range.to, ...kpi };
}

type Delivery = Awaited<ReturnType<typeof listDeliveriesFor>>['items'][number];
const CSV_COLUMNS: PolicyColumn<Delivery>[] = [...DELIVERY_COLUMNS, { header: 'exception_cause', value: (d) => d.exceptionCause }];

/** The whole list as CSV (up to the count cap), columns through the field policy. */
export async function kpiDeliveriesCsv(db: Executor, actor: Actor, q: KpiDeliveriesQuery, timeZone: string, now = new Date()) {
  const { drill } = await drillFilter(db, actor, q, timeZone, now);
  const items = drill ? (await listDeliveriesFor(db, actor, { ...drill, pageSize: DELIVERY_COUNT_CAP }, timeZone)).items : [];
  return toCsv(items, policyColumnsEach(actor, 'delivery', CSV_COLUMNS, items.map((d) => d.shipper.id)));
}
