import { round2 } from '../format';
import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { badRequest, notFound } from '../errors';
import { getSetting } from '../services/settings';
import { buildChurnGraph } from './graph';
import { pairShipments12m } from './inputs-queries';
import { companyNames } from './ego-queries';
import { latestChurnRunId } from './latest-run-queries';
import { findChurnRun } from './store-queries';
import { saveFirstScores } from './save-first-queries';
import { lossEvaluator, lossModel } from './loss-evaluator';
import { saveFirst } from './save-first';

/**
 * Setting 'churn.saveFirst': effect = the factor an intervention puts on an account's direct risk (0.5 halves it);
 * minCost = the least an account costs to work on, in money: its cost is its retention budget p × CLV of the
 * latest run, but at least this (a consignee bills nothing, so its CLV is 0, yet a visit still costs).
 */
export interface SaveFirstSettings { effect: number; minCost: number }
export const DEFAULT_SAVE_FIRST: SaveFirstSettings = { effect: 0.5, minCost: 1000 };

/** Candidates whose gain is computed exactly: those with the largest screening estimate (1 − effect)·r × exposure. */
export const SCREEN_MIN = 60;
export const SCREEN_PER_ACCOUNT = 4;

/**
 * The candidates whose gains save first computes exactly: the largest (1 − effect)·r × exposure (per unit of cost
 * with a money budget), at least SCREEN_MIN and SCREEN_PER_ACCOUNT per account of the budget; in node order.
 */
export function screenCandidates(
  eligible: readonly number[], r: Float64Array, exposure: (node: number) => number, effect: number,
  accounts: number | undefined, cost?: (node: number) => number,
): number[] {
  const screen = (i: number) => (1 - effect) * r[i]! * Math.max(exposure(i), 1e-9) / (cost ? Math.max(cost(i), 1e-9) : 1);
  const keep = Math.max(SCREEN_MIN, SCREEN_PER_ACCOUNT * (accounts ?? 0));
  return eligible.slice().sort((x, y) => screen(y) - screen(x) || x - y).slice(0, keep).sort((x, y) => x - y);
}

/** Messages moving less than this stop the local update: gains are money, a millionth of a probability is below a cent on most pairs. */
export const SAVE_FIRST_TOLERANCE = 1e-6;

export interface SaveFirstInput { accounts?: number; amount?: number; effect?: number }


/**
 * Save first (DESIGN.md §7): the accounts to work on, in order, within a budget of accounts or money, so that the
 * most expected 12-month revenue is kept across the whole pair graph, cascade included. Scored over the whole
 * graph of the latest run; a manager's candidates are their own accounts only. The gains come from the pure
 * saveFirst (greedy with lazy re-evaluation) over the local loss evaluator; candidates are first screened to
 * the largest (1 − effect)·r × exposure (at least SCREEN_MIN, SCREEN_PER_ACCOUNT per account of the budget).
 */
export async function churnSaveFirst(db: DB, actor: Actor, input: SaveFirstInput, today: string) {
  assertRole(actor, 'admin', 'manager');
  if ((input.accounts === undefined) === (input.amount === undefined)) {
    throw badRequest('Give either a number of accounts or an amount of money, not both and not neither.', [
      { path: input.accounts === undefined ? 'accounts' : 'amount', code: 'churn.budget_one', message: 'Give either a number of accounts or an amount of money, not both and not neither.' },
    ], { key: 'churn.budget_one' });
  }
  const settings = await getSetting<SaveFirstSettings>(db, 'churn.saveFirst', DEFAULT_SAVE_FIRST);
  const effect = input.effect ?? settings.effect;
  const runId = await latestChurnRunId(db);
  if (runId === null) throw notFound('Churn run');
  const run = (await findChurnRun(db, runId))!;
  const scores = await saveFirstScores(db, runId);
  const index = new Map(scores.map((s, i) => [s.companyId, i]));
  const volumes = await pairShipments12m(db, today);
  const graph = buildChurnGraph(volumes, index);
  const r = Float64Array.from(scores, (s) => s.directRisk);
  const evaluator = lossEvaluator(lossModel(volumes, graph, index, run.alpha, Math.max(run.tolerance, SAVE_FIRST_TOLERANCE)), r);
  const cost = (node: number) => Math.max(scores[node]!.retentionBudget, settings.minCost);

  const own = (s: (typeof scores)[number]) => actor.role === 'admin' || s.accountManagerId === actor.userId;
  const eligible = scores.map((s, i) => i).filter((i) => own(scores[i]!) && scores[i]!.directRisk > 0);
  const byMoney = input.amount !== undefined;
  const candidates = screenCandidates(eligible, r, (i) => scores[i]!.exposure, effect, input.accounts, byMoney ? cost : undefined);

  const plan = saveFirst({
    r, candidates, loss: evaluator.loss, effect,
    ...(byMoney ? { amount: input.amount!, cost } : { accounts: input.accounts! }),
  });
  const names = await companyNames(db, plan.steps.map((s) => scores[s.node]!.companyId));
  let kept = 0;
  const items = plan.steps.map((step, k) => {
    const s = scores[step.node]!;
    kept += step.gain;
    return {
      rank: k + 1, companyId: s.companyId, name: names.get(s.companyId)?.name ?? '', directRisk: s.directRisk, risk: s.totalRisk,
      cost: round2(cost(step.node)), gain: round2(step.gain), cumulativeKept: round2(kept),
    };
  });
  return {
    runId,
    horizon: 'Expected revenue over the next 12 months; probabilities are of leaving within 12 months.',
    effect,
    budget: {
      kind: byMoney ? 'amount' as const : 'accounts' as const,
      limit: byMoney ? input.amount! : input.accounts!,
      used: byMoney ? round2(items.reduce((sum, i) => sum + i.cost, 0)) : items.length,
    },
    costBasis: `Each account costs its retention budget (p × CLV of run ${runId}), at least ${settings.minCost} (setting churn.saveFirst.minCost).`,
    candidates: eligible.length,
    evaluated: candidates.length,
    revenueAtRiskBefore: round2(plan.lossBefore),
    revenueAtRiskAfter: round2(plan.lossAfter),
    totalKept: round2(plan.lossBefore - plan.lossAfter),
    items,
  };
}
