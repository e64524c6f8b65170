import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole, visibleCompanyIds } from '../auth/scope';
import { badRequest, notFound } from '../errors';
import { businessDay, daysBetween } from '../domain/business-day';
import { monthStart, periodKeys } from '../domain/periods';
import { addCounts, emptyCounts, mergeHistograms, serviceKpis, type ServiceKpis } from '../domain/service-kpis';
import { sumRollups, LANE_SEPARATOR, type RollupFilter, type RollupGrouping, type RollupTotals } from '../queries/service-kpis';
import { companyNames, contractCodes, findContract, findPair, pairExists } from '../queries/service-lookups';
import type { ServiceQuery } from '../schemas/service-kpis';

export const MAX_RANGE_DAYS = 1096;

export interface ServiceRow extends ServiceKpis {
  key: string;
  label: string;
}

export interface ServiceReport {
  from: string;
  to: string;
  groupBy: RollupGrouping;
  rows: ServiceRow[];
  total: ServiceKpis;
}

/** [from, to] from the query, defaulting to the last 12 calendar months up to today; checked for order and span. */
export function resolveRange(q: { from?: string; to?: string }, timeZone: string, now = new Date()) {
  const to = q.to ?? businessDay(now, timeZone);
  const from = q.from ?? monthStart(to, -11);
  if (from > to) throw badRequest('from must not be after to.', [{ path: 'from', code: 'invalid_range', message: `${from} is after ${to}.` }]);
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) {
    throw badRequest(`The range may span at most ${MAX_RANGE_DAYS} days.`, [{ path: 'from', code: 'too_big', message: 'Range too long.', params: { maximum: MAX_RANGE_DAYS } }]);
  }
  return { from, to };
}

export const assertKpiReader = (actor: Actor) => assertRole(actor, 'admin', 'manager', 'operations', 'client');

/**
 * A company named in a filter must be visible to the caller; a client may also name the companies it is
 * paired with (its shippers or consignees), since the rows stay limited to those involving its own company.
 */
async function assertFilterCompany(db: Executor, actor: Actor, companyId: number, what: string) {
  if (actor.role === 'client' && actor.companyId !== null && companyId !== actor.companyId
    && (await pairExists(db, actor.companyId, companyId))) return;
  await assertCompanyVisible(db, actor, companyId, what);
}

async function buildFilter(db: Executor, actor: Actor, q: ServiceQuery, range: { from: string; to: string }): Promise<RollupFilter | null> {
  const filter: RollupFilter = { ...range, visible: visibleCompanyIds(db, actor) };
  if (q.shipperId !== undefined) await assertFilterCompany(db, actor, q.shipperId, 'Shipper');
  if (q.consigneeId !== undefined) await assertFilterCompany(db, actor, q.consigneeId, 'Consignee');
  filter.shipperId = q.shipperId;
  filter.consigneeId = q.consigneeId;
  if (q.pairId !== undefined) {
    const pair = await findPair(db, q.pairId);
    if (!pair) throw notFound('Pair');
    try {
      await assertCompanyVisible(db, actor, pair.shipper_id, 'Pair');
    } catch {
      await assertCompanyVisible(db, actor, pair.consignee_id, 'Pair');
    }
    if ((filter.shipperId ?? pair.shipper_id) !== pair.shipper_id) return null;
    if ((filter.consigneeId ?? pair.consignee_id) !== pair.consignee_id) return null;
    filter.shipperId = pair.shipper_id;
    filter.consigneeId = pair.consignee_id;
  }
  if (q.contractId !== undefined) {
    const contract = await findContract(db, q.contractId);
    if (!contract) throw notFound('Contract');
    await assertCompanyVisible(db, actor, contract.shipper_id, 'Contract');
    filter.contractId = q.contractId;
  }
  filter.origin = q.origin;
  filter.destination = q.destination;
  return filter;
}

async function labels(db: Executor, groupBy: RollupGrouping, keys: string[]): Promise<(key: string) => string> {
  if (groupBy === 'shipper' || groupBy === 'consignee') {
    const names = await companyNames(db, keys.map(Number));
    return (key) => names.get(Number(key))?.name ?? key;
  }
  if (groupBy === 'contract') {
    const codes = await contractCodes(db, keys.map(Number).filter((id) => id > 0));
    return (key) => (key === '0' ? '(no contract)' : codes.get(Number(key)) ?? key);
  }
  if (groupBy === 'lane') return (key) => key.split(LANE_SEPARATOR).map((part) => part || '?').join(' → ');
  if (groupBy === 'none') return () => 'all';
  return (key) => key;
}

/**
 * KPIs over rollups for one filter, grouped; time groupings list every period of the range, empty or not.
 * groupBy 'none' gives no rows, only the total.
 */
export async function reportFromRollups(db: Executor, filter: RollupFilter | null, groupBy: RollupGrouping): Promise<ServiceReport> {
  const range = filter ?? { from: '', to: '' };
  const groups = groupBy === 'none' ? [] : [groupBy];
  const totals = filter ? await sumRollups(db, filter, groups) : new Map<string, RollupTotals>();
  let keys = groupBy === 'none' ? [] : [...totals.keys()];
  if (groupBy === 'day' || groupBy === 'week' || groupBy === 'month') {
    keys = [...new Set([...periodKeys(range.from, range.to, groupBy), ...keys])].sort();
  }
  const label = await labels(db, groupBy, keys);
  const rows = keys.map((key) => {
    const t = totals.get(key);
    return { key, label: label(key), ...serviceKpis(t?.counts ?? emptyCounts(), t?.histogram) };
  });
  if (groupBy !== 'day' && groupBy !== 'week' && groupBy !== 'month') {
    rows.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  }
  const totalCounts = [...totals.values()].map((t) => t.counts).reduce(addCounts, emptyCounts());
  const totalHistogram = [...totals.values()].map((t) => t.histogram).reduce(mergeHistograms, new Map<number, number>());
  return { from: range.from, to: range.to, groupBy, rows, total: serviceKpis(totalCounts, totalHistogram) };
}

export async function serviceReport(db: Executor, actor: Actor, q: ServiceQuery, timeZone: string): Promise<ServiceReport> {
  assertKpiReader(actor);
  const range = resolveRange(q, timeZone);
  const filter = await buildFilter(db, actor, q, range);
  const report = await reportFromRollups(db, filter, q.groupBy);
  return { ...report, from: range.from, to: range.to };
}

/** A company's service seen from both sides: as shipper (to all its consignees) and as consignee (from all its shippers). */
export async function companyService(
  db: Executor, actor: Actor, companyId: number, q: { from?: string; to?: string; groupBy: RollupGrouping }, timeZone: string,
) {
  assertKpiReader(actor);
  await assertCompanyVisible(db, actor, companyId);
  const range = resolveRange(q, timeZone);
  const visible = visibleCompanyIds(db, actor);
  const [asShipper, asConsignee] = [
    await reportFromRollups(db, { ...range, visible, shipperId: companyId }, q.groupBy),
    await reportFromRollups(db, { ...range, visible, consigneeId: companyId }, q.groupBy),
  ];
  return { companyId, asShipper, asConsignee };
}
