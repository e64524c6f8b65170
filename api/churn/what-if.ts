import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { AppError, notFound } from '../errors';
import { runCascade, withOverrides } from './cascade';
import { buildChurnGraph } from './graph';
import { pairShipments12m } from './inputs-queries';
import { churnReadableSet, companyNames, pairBusinessSet, visibleAmong } from './ego-queries';
import { latestChurnRunId } from './latest-run-queries';
import { churnRisks, findChurnRun } from './store-queries';
import { pairProbabilities, pairRevenueAtRisk } from './exposure';

export interface WhatIfInput {
  lost: { companyId: number; probability: number }[];
  alpha?: number;
  /** list a company as following when its p rises by at least this much */
  minRise?: number;
}

/** Default threshold of a follower: p rises by at least one point. */
export const DEFAULT_MIN_RISE = 0.01;
const AFFECTED_LIMIT = 500;
const PAIR_LIMIT = 50;
const EPSILON = 1e-9;

/**
 * What-if: the latest run's direct risks with the named companies set to the given probabilities
 * (1 = lost), pushed through the same cascade over today's pair graph, against the unchanged baseline.
 * The caller may name only companies whose churn they may read (404 out of view, 403 for another manager's
 * counterpart); the answer lists only those companies as followers, and counts only the pairs whose business
 * is the caller's (a manager: pairs with one of their accounts).
 */
export async function churnWhatIf(db: DB, actor: Actor, input: WhatIfInput, asOf: string) {
  assertRole(actor, 'admin', 'manager'); // revenue at risk is the provider's (DESIGN.md §8)
  const named = input.lost.map((l) => l.companyId);
  const visible = await visibleAmong(db, actor, named);
  const readable = await churnReadableSet(db, actor);
  const runId = await latestChurnRunId(db);
  const risks = runId === null ? [] : await churnRisks(db, runId);
  const index = new Map(risks.map((row, i) => [Number(row.company_id), i]));
  input.lost.forEach((l, i) => {
    if ((visible !== null && !visible.has(l.companyId)) || !index.has(l.companyId)) {
      throw new AppError(404, 'not_found', `Company ${l.companyId} not found among the scored companies.`, [
        { path: `lost.${i}.companyId`, code: 'churn.not_scored', message: 'Unknown, not scored, or not yours to see.' },
      ]);
    }
    if (readable !== null && !readable.has(l.companyId)) {
      throw new AppError(403, 'forbidden', 'This company is managed by another account manager.', [
        { path: `lost.${i}.companyId`, code: 'churn.other_manager', message: 'This company is managed by another account manager.' },
      ], { key: 'churn.other_manager' });
    }
  });
  if (runId === null) throw notFound('Churn run');
  const run = (await findChurnRun(db, runId))!;
  const alpha = input.alpha ?? run.alpha;

  const r = Float64Array.from(risks.map((row) => row.direct_risk));
  const volumes = await pairShipments12m(db, asOf);
  const graph = buildChurnGraph(volumes, index);
  const options = { alpha, tolerance: run.tolerance };
  const baseline = runCascade(r.length, graph.edges, r, options);
  const scenario = runCascade(r.length, graph.edges, withOverrides(r, input.lost.map((l) => [index.get(l.companyId)!, l.probability])), options);
  const before = pairRevenueAtRisk(volumes, graph, baseline, index);
  const after = pairRevenueAtRisk(volumes, graph, scenario, index);

  const business = await pairBusinessSet(db, actor);
  const seen = (companyId: number) => readable === null || readable.has(companyId);
  const pairIsTheirs = (v: { shipperId: number; consigneeId: number }) =>
    business === null || business.has(v.shipperId) || business.has(v.consigneeId);
  const namedSet = new Set(named);
  const minRise = input.minRise ?? DEFAULT_MIN_RISE;
  const lostOf = (i: number) => after.companies[i]!.exposure - before.companies[i]!.exposure;
  const row = (i: number) => ({
    companyId: Number(risks[i]!.company_id), directRisk: r[i]!, baseline: baseline.p[i]!, risk: scenario.p[i]!,
    increase: scenario.p[i]! - baseline.p[i]!, exposureLost: round2(lostOf(i)),
  });
  let moved = 0;
  const followers: number[] = [];
  for (let i = 0; i < r.length; i++) {
    const companyId = Number(risks[i]!.company_id);
    if (namedSet.has(companyId) || !seen(companyId)) continue;
    const rise = scenario.p[i]! - baseline.p[i]!;
    if (rise > EPSILON) moved += 1;
    if (rise > EPSILON && rise >= minRise) followers.push(i);
  }
  followers.sort((x, y) => (scenario.p[y]! - baseline.p[y]!) - (scenario.p[x]! - baseline.p[x]!) || x - y);

  // Expected revenue lost, pair by pair (each counted once): on the named companies' own pairs, and on the rest.
  let onNamed = 0;
  let onOthers = 0;
  const pairs: { shipperId: number; consigneeId: number; revenue: number; baseline: number; risk: number; lost: number }[] = [];
  const before1 = pairProbabilities(graph, baseline, index);
  const after1 = pairProbabilities(graph, scenario, index);
  for (const v of volumes) {
    if (v.revenue === 0 || !pairIsTheirs(v)) continue;
    const p0 = before1(v.shipperId, v.consigneeId)?.p;
    const p1 = after1(v.shipperId, v.consigneeId)?.p;
    if (p0 === undefined || p1 === undefined) continue;
    const lost = (p1 - p0) * v.revenue;
    if (Math.abs(lost) < 0.005) continue;
    if (namedSet.has(v.shipperId) || namedSet.has(v.consigneeId)) onNamed += lost; else onOthers += lost;
    pairs.push({ shipperId: v.shipperId, consigneeId: v.consigneeId, revenue: v.revenue, baseline: p0, risk: p1, lost });
  }
  pairs.sort((x, y) => y.lost - x.lost || x.shipperId - y.shipperId || x.consigneeId - y.consigneeId);
  const shownPairs = pairs.slice(0, PAIR_LIMIT);
  const namedRows = named.filter((id, i) => named.indexOf(id) === i).map((id) => row(index.get(id)!));
  const followerRows = followers.slice(0, AFFECTED_LIMIT).map(row);
  const names = await companyNames(db, [
    ...namedRows.map((x) => x.companyId), ...followerRows.map((x) => x.companyId),
    ...shownPairs.flatMap((x) => [x.shipperId, x.consigneeId]),
  ]);
  const named_ = <T extends { companyId: number }>(x: T) => ({ ...x, name: names.get(x.companyId)?.name ?? '' });
  const expectedRevenueLost = round2(onNamed + onOthers);
  return {
    runId, alpha, minRise,
    baselineRevenueAtRisk: round2(before.revenueAtRisk),
    expectedRevenueAtRisk: round2(before.revenueAtRisk + onNamed + onOthers),
    expectedRevenueLost,
    explanation: {
      onNamedPairs: round2(onNamed), onFollowersPairs: round2(onOthers), pairs: pairs.length,
      sentence: `Expected revenue lost over the next 12 months: ${money(expectedRevenueLost)} — ${money(onNamed)} on the named `
        + `companies' own pairs and ${money(onOthers)} on other pairs whose partners are likelier to follow (${pairs.length} pairs move).`,
    },
    movedCount: moved,
    followerCount: followers.length,
    named: namedRows.map(named_),
    followers: followerRows.map(named_),
    pairs: shownPairs.map((x) => ({
      shipper: { id: x.shipperId, name: names.get(x.shipperId)?.name ?? '' },
      consignee: { id: x.consigneeId, name: names.get(x.consigneeId)?.name ?? '' },
      revenue12m: round2(x.revenue), baseline: x.baseline, risk: x.risk, expectedRevenueLost: round2(x.lost),
    })),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const money = (x: number) => round2(x).toFixed(2);
