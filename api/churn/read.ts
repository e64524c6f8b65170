import type { DB } from '../../db/database';
import type { StoredContribution, StoredNeighbour } from '../../db/tables/churn';
import type { Actor } from '../context';
import { assertOwnAccount, assertRole } from '../auth/scope';
import { portfolioCompanyIds } from '../workbench/portfolio';
import { notFound } from '../errors';
import { isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { latestChurnRunId } from './latest-run-queries';
import { churnHistory, churnRisks, findChurnRun, findChurnScore, listChurnScores } from './store-queries';
import { churnReadableSet, companyNames } from './ego-queries';
import { pairWeightsAround } from './pair-weight-queries';
import { activePairs } from './inputs-queries';
import type { Advice } from './retention-advice';

type RunRow = NonNullable<Awaited<ReturnType<typeof findChurnRun>>>;

// churn risk, drivers, CLV and advice are never a client's to see (DESIGN.md §8 "What a client never sees")
export const CHURN_READERS = ['admin', 'manager'] as const;

const toRun = (run: RunRow) => ({
  id: Number(run.id), computedAt: isoRequired(run.computed_at), trigger: run.trigger, alpha: run.alpha,
  iterations: run.iterations, converged: run.converged, companies: run.companies, pairs: run.pairs,
});

interface ScoreFields {
  company_id: number; direct_risk: number; total_risk: number; cascade_risk: number; revenue_12m: number; profit_12m: number;
  revenue_at_risk: number; transfer_value_12m: number; signals: Record<string, unknown>; contributions: StoredContribution[];
}

function scoreItem(s: ScoreFields, company: { code: string; name: string; is_shipper: boolean; is_consignee: boolean; account_manager_id: number | null }) {
  const details = s.signals as { abcClass?: string; clv?: number; retentionBudget?: number; advice?: Partial<Advice> };
  return {
    companyId: Number(s.company_id), code: company.code, name: company.name, isShipper: company.is_shipper, isConsignee: company.is_consignee,
    accountManagerId: company.account_manager_id === null ? null : Number(company.account_manager_id),
    directRisk: s.direct_risk, risk: s.total_risk, cascadeRisk: s.cascade_risk,
    revenue12m: Number(s.revenue_12m), profit12m: Number(s.profit_12m), revenueAtRisk: Number(s.revenue_at_risk), transferValue12m: Number(s.transfer_value_12m),
    abcClass: details.abcClass ?? 'C', clv: details.clv ?? 0, retentionBudget: details.retentionBudget ?? 0,
    advice: { action: details.advice?.action ?? ('monitor' as const), params: details.advice?.params ?? {}, reason: details.advice?.reason ?? '' },
    topDrivers: s.contributions.filter((c) => c.contribution > 0).slice(0, 3),
  };
}

export interface ChurnListInput {
  page: number;
  pageSize: number;
  sort: 'risk' | 'cascade' | 'revenueAtRisk' | 'directRisk';
  order: 'asc' | 'desc';
  minRisk?: number;
  role?: 'shipper' | 'consignee';
  accountManagerId?: number;
}

/** The latest run's scores the caller may see, filtered, sorted and paged, with the totals of the filtered set. */
export async function listChurn(db: DB, actor: Actor, input: ChurnListInput) {
  assertRole(actor, ...CHURN_READERS);
  const runId = await latestChurnRunId(db);
  const emptyTotals = { companies: 0, revenue12m: 0, transferValue12m: 0, expectedRevenueAtRisk: 0, directRevenueAtRisk: 0, cascadeRevenueAtRisk: 0, meanRisk: 0 };
  if (runId === null) return { run: null, totals: emptyTotals, items: [], meta: pageMeta(input.page, input.pageSize, 0) };
  const run = (await findChurnRun(db, runId))!;
  const { rows, totals } = await listChurnScores(db, { ...input, runId, visible: portfolioCompanyIds(db, actor) });
  const atRisk = Number(totals.at_risk);
  const direct = Number(totals.direct_at_risk);
  return {
    run: toRun(run),
    totals: {
      companies: Number(totals.count), revenue12m: Number(totals.revenue), transferValue12m: Number(totals.transfer_value),
      expectedRevenueAtRisk: round2(atRisk),
      directRevenueAtRisk: round2(direct), cascadeRevenueAtRisk: round2(atRisk - direct), meanRisk: Number(totals.mean_risk),
    },
    items: rows.map((r) => scoreItem(r, r)),
    meta: pageMeta(input.page, input.pageSize, Number(totals.count)),
  };
}

/**
 * One company's churn: drivers, exposures (the neighbours that carry most risk to it, with their pairs),
 * the ego network of its pairs with weights and risks, and its risk over the stored runs. Neighbours the
 * caller may not see appear with their name and weight but without their risk.
 */
export async function companyChurn(db: DB, actor: Actor, companyId: number, asOf: string) {
  assertRole(actor, ...CHURN_READERS);
  await assertOwnAccount(db, actor, companyId);
  const runId = await latestChurnRunId(db);
  const score = runId === null ? undefined : await findChurnScore(db, runId, companyId);
  if (runId === null || !score) throw notFound('Churn score for this company');
  const run = (await findChurnRun(db, runId))!;

  const pairs = await activePairs(db, [companyId]);
  const neighbourIds = [...new Set(pairs.map((p) => (p.shipperId === companyId ? p.consigneeId : p.shipperId)))];
  const stored = score.top_neighbours as StoredNeighbour[];
  const allIds = [...new Set([companyId, ...neighbourIds, ...stored.map((n) => n.companyId)])];
  const [names, visible, risks, volumes, history] = await Promise.all([
    companyNames(db, allIds), churnReadableSet(db, actor), churnRisks(db, runId, allIds),
    pairWeightsAround(db, [companyId, ...neighbourIds], asOf), churnHistory(db, companyId),
  ]);
  const riskOf = new Map(risks.map((r) => [Number(r.company_id), r.total_risk]));
  const pairIdsWith = (other: number) => pairs.filter((p) => p.shipperId === other || p.consigneeId === other).map((p) => p.id);
  // a neighbour managed by another manager keeps its churn to itself (DESIGN.md §8)
  const seen = (id: number) => visible === null || visible.has(id);
  const company = names.get(companyId)!;
  const details = score.signals as { values?: Record<string, number>; facts?: Record<string, unknown>; weakestDepartment?: string | null };

  return {
    ...scoreItem(score, company),
    run: toRun(run),
    weakestDepartment: details.weakestDepartment ?? null,
    signals: details.values ?? {},
    facts: details.facts ?? {},
    drivers: score.contributions as StoredContribution[],
    exposures: stored.map((n) => ({
      companyId: n.companyId, name: names.get(n.companyId)?.name ?? null, pairIds: pairIdsWith(n.companyId), weight: n.weight,
      neighbourRisk: seen(n.companyId) ? n.neighbourRisk : null, contagion: seen(n.companyId) ? n.contagion : null,
    })),
    ego: {
      nodes: [
        { id: companyId, name: company.name, risk: score.total_risk, centre: true, side: null },
        ...neighbourIds.map((id) => {
          const shipsToCentre = pairs.some((p) => p.shipperId === id);
          const receives = pairs.some((p) => p.consigneeId === id);
          return {
            id, name: names.get(id)?.name ?? '', risk: seen(id) ? riskOf.get(id) ?? null : null, centre: false,
            side: (shipsToCentre && receives ? 'both' : shipsToCentre ? 'shipper' : 'consignee') as 'shipper' | 'consignee' | 'both',
          };
        }),
      ],
      edges: neighbourIds.map((id) => {
        return {
          neighbourId: id, pairIds: pairIdsWith(id), weight: volumes.weight(companyId, id), neighbourWeight: volumes.weight(id, companyId),
          shipments12m: volumes.between(companyId, id),
        };
      }),
    },
    history: history.map((h) => ({
      runId: Number(h.id), computedAt: isoRequired(h.computed_at), risk: h.total_risk, directRisk: h.direct_risk, revenueAtRisk: Number(h.revenue_at_risk),
    })),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
