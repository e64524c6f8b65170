import type { Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole, reachCompanyIds } from '../auth/scope';
import { badRequest, notFound } from '../errors';
import { addDays, businessDay, daysBetween } from '../domain/business-day';
import { DEFAULT_VERDICT_RULES, judged, periodState, type VerdictRules } from '../domain/closed-months';
import { lastDayOfMonth, monthStart, periodKeys } from '../domain/periods';
import { addCounts, emptyCounts, mergeHistograms, serviceKpis, type ServiceKpis } from '../domain/service-kpis';
import { sumRollups, LANE_SEPARATOR, type RollupFilter, type RollupGrouping, type RollupTotals } from '../queries/service-kpis';
import { companyNames, contractCodes, findContract, findPair, pairExists } from '../queries/service-lookups';
import { contractIsVisible } from '../queries/contracts';
import type { ServiceQuery } from '../schemas/service-kpis';

export const MAX_RANGE_DAYS = 1096;

export interface ServiceRow extends ServiceKpis {
  key: string;
  label: string;
  /** the row's period (a time grouping's period, else the report's range) is not closed yet */
  provisional: boolean;
  /** enough due deliveries for a verdict (closed-months.ts); a trend leaves the others out */
  judged: boolean;
}

export interface ServiceReport {
  from: string;
  to: string;
  groupBy: RollupGrouping;
  /** the settling period and minimum due count applied: the filtered contract's, else the defaults */
  rules: VerdictRules;
  provisional: boolean;
  rows: ServiceRow[];
  total: ServiceKpis;
}

/** The last day of a time-grouping period, clipped to the range's end. */
function periodLastDay(groupBy: RollupGrouping, key: string, rangeTo: string): string {
  let last = rangeTo;
  if (groupBy === 'day') last = key;
  else if (groupBy === 'week') last = addDays(key, 6);
  else if (groupBy === 'month') last = lastDayOfMonth(key);
  return last < rangeTo ? last : rangeTo;
}

/** [from, to] from the query, defaulting to the last 12 calendar months up to today; checked for order and span. */
export function resolveRange(q: { from?: string; to?: string }, timeZone: string, now = new Date()) {
  const to = q.to ?? businessDay(now, timeZone);
  const from = q.from ?? monthStart(to, -11);
  if (from > to) throw badRequest('“From” must not be after “to”.', [{ path: 'from', code: 'invalid_range', message: `${from} is after ${to}.` }], { key: 'invalid_range' });
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) {
    throw badRequest(`The range may span at most ${MAX_RANGE_DAYS} days.`, [{ path: 'from', code: 'too_big', message: 'Range too long.', params: { maximum: MAX_RANGE_DAYS } }], { key: 'kpis.range_too_long', params: { maximum: MAX_RANGE_DAYS } });
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

interface BuiltFilter { filter: RollupFilter | null; rules: VerdictRules }

export async function buildFilter(db: Executor, actor: Actor, q: ServiceQuery, range: { from: string; to: string }): Promise<BuiltFilter> {
  let rules = DEFAULT_VERDICT_RULES;
  const filter: RollupFilter = { ...range, visible: reachCompanyIds(db, actor) };
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
    if ((filter.shipperId ?? pair.shipper_id) !== pair.shipper_id) return { filter: null, rules };
    if ((filter.consigneeId ?? pair.consignee_id) !== pair.consignee_id) return { filter: null, rules };
    filter.shipperId = pair.shipper_id;
    filter.consigneeId = pair.consignee_id;
  }
  if (q.contractId !== undefined) {
    // the contracts the caller may see (a consignee client: those covering it); rows stay limited to its own
    const contract = await findContract(db, q.contractId);
    if (!contract || !(await contractIsVisible(db, actor, q.contractId))) throw notFound('Contract');
    filter.contractId = q.contractId;
    rules = { settlingDays: contract.settling_days, minDueCount: contract.min_due_count };
  }
  filter.origin = q.origin;
  filter.destination = q.destination;
  return { filter, rules };
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
 * groupBy 'none' gives no rows, only the total. Each row says whether its period is closed on `today` and
 * whether it has enough due deliveries for a verdict, under `rules`.
 */
export async function reportFromRollups(
  db: Executor, filter: RollupFilter | null, groupBy: RollupGrouping, today: string, rules: VerdictRules = DEFAULT_VERDICT_RULES,
): Promise<ServiceReport> {
  const range = filter ?? { from: '', to: '' };
  const groups = groupBy === 'none' ? [] : [groupBy];
  const totals = filter ? await sumRollups(db, filter, groups) : new Map<string, RollupTotals>();
  let keys = groupBy === 'none' ? [] : [...totals.keys()];
  if (groupBy === 'day' || groupBy === 'week' || groupBy === 'month') {
    keys = [...new Set([...periodKeys(range.from, range.to, groupBy), ...keys])].sort();
  }
  const label = await labels(db, groupBy, keys);
  const provisional = (lastDay: string) => filter !== null && periodState(lastDay, today, rules.settlingDays) !== 'closed';
  const rows = keys.map((key) => {
    const t = totals.get(key);
    const kpis = serviceKpis(t?.counts ?? emptyCounts(), t?.histogram);
    return {
      key, label: label(key), ...kpis,
      provisional: provisional(periodLastDay(groupBy, key, range.to)), judged: judged(kpis.due, rules.minDueCount),
    };
  });
  if (groupBy !== 'day' && groupBy !== 'week' && groupBy !== 'month') {
    rows.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  }
  const totalCounts = [...totals.values()].map((t) => t.counts).reduce(addCounts, emptyCounts());
  const totalHistogram = [...totals.values()].map((t) => t.histogram).reduce(mergeHistograms, new Map<number, number>());
  return {
    from: range.from, to: range.to, groupBy, rules, provisional: provisional(range.to), rows, total: serviceKpis(totalCounts, totalHistogram),
  };
}

export async function serviceReport(db: Executor, actor: Actor, q: ServiceQuery, timeZone: string, now = new Date()): Promise<ServiceReport> {
  assertKpiReader(actor);
  const range = resolveRange(q, timeZone, now);
  const { filter, rules } = await buildFilter(db, actor, q, range);
  const report = await reportFromRollups(db, filter, q.groupBy, businessDay(now, timeZone), rules);
  return { ...report, from: range.from, to: range.to };
}

/** A company's service seen from both sides: as shipper (to all its consignees) and as consignee (from all its shippers). */
export async function companyService(
  db: Executor, actor: Actor, companyId: number, q: { from?: string; to?: string; groupBy: RollupGrouping }, timeZone: string,
  now = new Date(),
) {
  assertKpiReader(actor);
  await assertCompanyVisible(db, actor, companyId);
  const range = resolveRange(q, timeZone, now);
  const today = businessDay(now, timeZone);
  // a counterpart's KPIs: those of its pairs with the manager's companies only
  const visible = reachCompanyIds(db, actor);
  const [asShipper, asConsignee] = [
    await reportFromRollups(db, { ...range, visible, shipperId: companyId }, q.groupBy, today),
    await reportFromRollups(db, { ...range, visible, consigneeId: companyId }, q.groupBy, today),
  ];
  return { companyId, asShipper, asConsignee };
}
