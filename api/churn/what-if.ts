import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { AppError, notFound } from '../errors';
import { runCascade, withOverrides } from './cascade';
import { buildChurnGraph } from './graph';
import { pairShipments12m } from './inputs-queries';
import { companyNames, visibleAmong, visibleSet } from './ego-queries';
import { latestChurnRunId } from './latest-run-queries';
import { churnRisks, findChurnRun } from './store-queries';
import { churnWindows } from './facts';

export interface WhatIfInput {
  lost: { companyId: number; probability: number }[];
  alpha?: number;
}

const AFFECTED_LIMIT = 500;
const EPSILON = 1e-9;

/**
 * What-if: the latest run's direct risks with the named companies set to the given probabilities
 * (1 = lost), pushed through the same cascade over today's pair graph, against the unchanged baseline.
 * The caller may name only companies they can see (404 otherwise), and the answer lists and sums only
 * companies they can see.
 */
export async function churnWhatIf(db: DB, actor: Actor, input: WhatIfInput, asOf: string) {
  assertRole(actor, 'admin', 'manager'); // revenue at risk is the provider's (DESIGN.md §8)
  const named = input.lost.map((l) => l.companyId);
  const visible = await visibleAmong(db, actor, named);
  const runId = await latestChurnRunId(db);
  const risks = runId === null ? [] : await churnRisks(db, runId);
  const index = new Map(risks.map((row, i) => [Number(row.company_id), i]));
  input.lost.forEach((l, i) => {
    if ((visible !== null && !visible.has(l.companyId)) || !index.has(l.companyId)) {
      throw new AppError(404, 'not_found', `Company ${l.companyId} not found among the scored companies.`, [
        { path: `lost.${i}.companyId`, message: 'Unknown, not scored, or not yours to see.' },
      ]);
    }
  });
  if (runId === null) throw notFound('Churn run');
  const run = (await findChurnRun(db, runId))!;
  const alpha = input.alpha ?? run.alpha;

  const r = Float64Array.from(risks.map((row) => row.direct_risk));
  const graph = buildChurnGraph(await pairShipments12m(db, asOf), index);
  const options = { alpha, tolerance: run.tolerance };
  const baseline = runCascade(r.length, graph.edges, r, options);
  const scenario = runCascade(r.length, graph.edges, withOverrides(r, input.lost.map((l) => [index.get(l.companyId)!, l.probability])), options);

  const changed: number[] = [];
  const namedSet = new Set(named);
  for (let i = 0; i < r.length; i++) {
    if (Math.abs(scenario.p[i]! - baseline.p[i]!) > EPSILON || namedSet.has(Number(risks[i]!.company_id))) changed.push(i);
  }
  const scope = await visibleSet(db, actor);
  const shown = changed.filter((i) => scope === null || scope.has(Number(risks[i]!.company_id)));
  let baselineAtRisk = 0;
  let scenarioAtRisk = 0;
  for (let i = 0; i < r.length; i++) {
    if (scope !== null && !scope.has(Number(risks[i]!.company_id))) continue;
    const revenue = Number(risks[i]!.revenue_12m);
    baselineAtRisk += baseline.p[i]! * revenue;
    scenarioAtRisk += scenario.p[i]! * revenue;
  }
  const rows = shown.map((i) => {
    const revenue = Number(risks[i]!.revenue_12m);
    const increase = scenario.p[i]! - baseline.p[i]!;
    return {
      companyId: Number(risks[i]!.company_id), directRisk: r[i]!, baseline: baseline.p[i]!, risk: scenario.p[i]!,
      increase, revenue12m: revenue, expectedRevenueLost: round2(increase * revenue),
    };
  }).sort((x, y) => y.expectedRevenueLost - x.expectedRevenueLost || y.increase - x.increase || x.companyId - y.companyId)
    .slice(0, AFFECTED_LIMIT);
  const names = await companyNames(db, rows.map((row) => row.companyId));
  return {
    runId, alpha,
    baselineRevenueAtRisk: round2(baselineAtRisk),
    expectedRevenueAtRisk: round2(scenarioAtRisk),
    expectedRevenueLost: round2(scenarioAtRisk - baselineAtRisk),
    affectedCount: shown.length,
    affected: rows.map((row) => ({ ...row, name: names.get(row.companyId)?.name ?? '' })),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
