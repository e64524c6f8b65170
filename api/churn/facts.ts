import type { Executor } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';
import { addDays, daysBetween } from '../domain/business-day';
import { SCALES, type ChurnFacts } from './signals';
import { effectiveWeights, weakestDepartment, weightedScore } from '../domain/department-weights';
import {
  breachCounts, claimsPaidByShipper, complaintsAndClaims, contractsForChurn, departmentScores, partnerVolumes, serviceFacts,
  type ChurnCompanyRow, type ChurnWindows, type ContractRow,
} from './inputs-queries';

export function churnWindows(asOf: string): ChurnWindows {
  return {
    asOf,
    from90: addDays(asOf, -89),
    from180: addDays(asOf, -179),
    from360: addDays(asOf, -359),
    from6m: addDays(asOf, -182),
    from12m: addDays(asOf, -364),
  };
}

export interface CompanyChurnFacts {
  facts: ChurnFacts;
  weakestDepartment: string | null;
  /** revenue billed to the company as shipper over 12 months, and that revenue less cost */
  revenue12m: number;
  profit12m: number;
}

/** Setting 'churn.claimResponseHours': how long a claim may take when its contract sets no response time. */
export const DEFAULT_CLAIM_RESPONSE_HOURS = 48;

function contractState(contracts: readonly ContractRow[], asOf: string) {
  const started = contracts.filter((c) => c.startDate <= asOf);
  if (started.length === 0) return { daysToEnd: null, renews: false, claimHours: null as number | null };
  const last = started.reduce((x, y) => (y.endDate > x.endDate ? y : x));
  const successor = contracts.some((c) => c.startDate > asOf || (c !== last && c.endDate > last.endDate));
  const live = started.filter((c) => c.endDate >= asOf && c.claimResponseHours !== null);
  return {
    daysToEnd: daysBetween(asOf, last.endDate),
    renews: last.autoRenew || successor,
    claimHours: live.length > 0 ? Math.min(...live.map((c) => c.claimResponseHours!)) : null,
  };
}

/**
 * The raw facts behind every company's churn signals as of a business day (see churn-signals.ts),
 * read from rollups, surveys, interactions and contracts in a handful of set-based queries.
 */
export async function loadChurnFacts(
  db: Executor,
  companies: readonly ChurnCompanyRow[],
  asOf: string,
  options: {
    claimResponseHours: number; stages?: ReadonlyMap<number, LifecycleStage | null>;
    /** a backtest: read only contracts known by asOf (every other query already stops at asOf) */
    knownByAsOf?: boolean;
  },
): Promise<Map<number, CompanyChurnFacts>> {
  const w = churnWindows(asOf);
  const [service, breaches, departments, complaints, contracts, partners, claimsPaid] = await Promise.all([
    serviceFacts(db, w), breachCounts(db, w), departmentScores(db, w), complaintsAndClaims(db, w),
    contractsForChurn(db, options.knownByAsOf ? asOf : undefined), partnerVolumes(db, w),
    claimsPaidByShipper(db, w.from12m, asOf),
  ]);
  const partnersBy = new Map<number, { before: number; lost: number }>();
  for (const p of partners) {
    const entry = partnersBy.get(p.companyId) ?? { before: 0, lost: 0 };
    entry.before += p.previous90;
    if (partnerLost(p)) entry.lost += p.previous90;
    partnersBy.set(p.companyId, entry);
  }
  const serviceBy = new Map(service.map((s) => [s.companyId, s]));
  const departmentsBy = groupBy(departments, (d) => d.companyId);
  const complaintsBy = groupBy(complaints, (c) => c.companyId);
  const contractsBy = groupBy(contracts, (c) => c.shipperId);
  const asOfEnd = new Date(`${asOf}T23:59:59.999Z`);

  const result = new Map<number, CompanyChurnFacts>();
  for (const company of companies) {
    const s = serviceBy.get(company.id);
    const depts = departmentsBy.get(company.id) ?? [];
    const weights = effectiveWeights(depts.map((d) => ({ id: d.departmentId, weight: d.weight })));
    const current = weightedScore(depts.map((d) => ({ departmentId: d.departmentId, score: d.current })), weights);
    const previous = weightedScore(depts.map((d) => ({ departmentId: d.departmentId, score: d.previous })), weights);
    const weakestId = weakestDepartment(depts.map((d) => ({ departmentId: d.departmentId, score: d.current })), weights);
    const weakest = depts.find((d) => d.departmentId === weakestId) ?? null;
    const contract = contractState(contractsBy.get(company.id) ?? [], asOf);
    const claimLimitMs = (contract.claimHours ?? options.claimResponseHours) * 3600_000;
    const items = complaintsBy.get(company.id) ?? [];
    const claims = items.filter((c) => c.kind === 'claim');
    result.set(company.id, {
      facts: {
        otif: { due: s?.due90 ?? 0, otif: s?.otif90 ?? 0, target: s && s.targetDue90 > 0 ? s.targetWeighted90 / s.targetDue90 : null },
        breaches: breaches.get(company.id) ?? 0,
        satisfaction: { current, previous, weakest: weakest?.current ?? null },
        volume: { recent: s?.recent90 ?? 0, previous: s?.previous90 ?? 0 },
        complaints: {
          open: items.filter((c) => c.resolvedAt === null).length,
          claims: claims.length,
          slowClaims: claims.filter((c) => (c.resolvedAt ?? asOfEnd).getTime() - c.openedAt.getTime()
            > (c.targetHours === undefined ? claimLimitMs : c.targetHours * 3600_000)).length,
        },
        contract: { daysToEnd: contract.daysToEnd, renews: contract.renews },
        lifecycleStage: options.stages ? options.stages.get(company.id) ?? null : company.lifecycleStage,
        partners: partnersBy.get(company.id) ?? { before: 0, lost: 0 },
      },
      weakestDepartment: weakest?.name ?? null,
      revenue12m: s?.shipperRevenue12m ?? 0,
      // DESIGN.md §6: profit = revenue − cost − claims paid
      profit12m: (s?.shipperRevenue12m ?? 0) - (s?.shipperCost12m ?? 0) - (claimsPaid.get(company.id) ?? 0),
    });
  }
  return result;
}

/** A partner is lost when it has left, or when the pair's last 90 days carry at most SCALES.pairCollapseShare of the 90 before. */
export function partnerLost(p: { recent90: number; previous90: number; partnerLeft: boolean }): boolean {
  return p.previous90 > 0 && (p.partnerLeft || p.recent90 <= SCALES.pairCollapseShare * p.previous90);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row); else map.set(k, [row]);
  }
  return map;
}
