import { round2 } from '../format';
import type { DB } from '../../db/database';
import type { StoredNeighbour } from '../../db/tables/churn';
import type { Config } from '../config';
import type { Actor } from '../context';
import { businessDay } from '../domain/business-day';
import { runCascade, topNeighbours, DEFAULT_TOLERANCE } from './cascade';
import { buildChurnGraph } from './graph';
import { pairRevenueAtRisk } from './exposure';
import { computeSignals, DEFAULT_COEFFICIENTS, directRisk, type Coefficients } from './signals';
import { clv, retentionBudget } from '../domain/clv';
import { paretoAnalysis } from '../domain/pareto';
import { retentionAdvice } from './retention-advice';
import { churnCompanies, pairShipments12m } from './inputs-queries';
import { insertChurnRun, insertChurnScores, type NewChurnScore } from './store-queries';
import { assertRole } from '../auth/scope';
import { recordAudit } from '../services/audit';
import { churnWindows, DEFAULT_CLAIM_RESPONSE_HOURS, loadChurnFacts } from './facts';
import { getSetting } from '../services/settings';
import { DEFAULT_CLV_SETTINGS, type ClvSettings } from '../services/value-service';

/** Setting 'churn.alpha': contagion strength α — the chance a churned partner carrying all of a company's volume takes it along. */
export const DEFAULT_ALPHA = 0.5;
export const TOP_NEIGHBOURS = 5;

export async function churnSettings(db: DB) {
  const [coefficients, alpha, tolerance, claimResponseHours, clvSettings] = await Promise.all([
    getSetting<Coefficients>(db, 'churn.coefficients', DEFAULT_COEFFICIENTS),
    getSetting<number>(db, 'churn.alpha', DEFAULT_ALPHA),
    getSetting<number>(db, 'churn.tolerance', DEFAULT_TOLERANCE),
    getSetting<number>(db, 'churn.claimResponseHours', DEFAULT_CLAIM_RESPONSE_HOURS),
    getSetting<ClvSettings>(db, 'value.clv', DEFAULT_CLV_SETTINGS),
  ]);
  return { coefficients, alpha, tolerance, claimResponseHours, clvSettings };
}

export interface RecomputeOptions {
  trigger?: 'manual' | 'import' | 'cli';
  actor?: Actor | null;
  /** business day the signals are computed as of (default: today in the business time zone) */
  asOf?: string;
}

/**
 * Recomputes churn for every active company: signals → direct risk r → cascade over the pair graph →
 * p, revenue at risk, top neighbours, retention advice; stores one run with its scores (kept for trends).
 */
export async function recomputeChurn(db: DB, config: Pick<Config, 'businessTimeZone'>, options: RecomputeOptions = {}) {
  const started = performance.now();
  const asOf = options.asOf ?? businessDay(new Date(), config.businessTimeZone);
  const settings = await churnSettings(db);
  const companies = await churnCompanies(db);
  const [factsBy, volumes] = await Promise.all([
    loadChurnFacts(db, companies, asOf, { claimResponseHours: settings.claimResponseHours }),
    pairShipments12m(db, asOf),
  ]);

  const index = new Map(companies.map((c, i) => [c.id, i]));
  const r = new Float64Array(companies.length);
  const direct = companies.map((c, i) => {
    const facts = factsBy.get(c.id)!;
    const signals = computeSignals(facts.facts);
    const risk = directRisk(signals, settings.coefficients);
    r[i] = risk.r;
    return { signals, risk, facts };
  });
  const graph = buildChurnGraph(volumes, index);
  const result = runCascade(companies.length, graph.edges, r, { alpha: settings.alpha, tolerance: settings.tolerance });
  const top = topNeighbours(result, TOP_NEIGHBOURS);
  const exposure = pairRevenueAtRisk(volumes, graph, result, index);
  const pareto = paretoAnalysis(companies.map((c) => ({ id: c.id, profit: factsBy.get(c.id)!.profit12m })));
  const abc = new Map(pareto.ranks.map((rank) => [rank.id, rank.abcClass]));
  const { discountRate, horizonYears } = settings.clvSettings;

  const scores: NewChurnScore[] = companies.map((c, i) => {
    const { signals, risk, facts } = direct[i]!;
    const p = result.p[i]!;
    const neighbours: StoredNeighbour[] = top[i]!.map((n) => ({
      companyId: companies[n.node]!.id, pairId: null, weight: n.weight, neighbourRisk: n.message, contagion: n.contagion,
    }));
    const first = neighbours[0];
    const lifetimeValue = clv(facts.profit12m, 1 - p, discountRate, horizonYears);
    const advice = retentionAdvice({
      p, r: risk.r, contributions: risk.contributions, weakestDepartment: facts.weakestDepartment,
      topNeighbour: first ? { companyId: first.companyId, name: companies[index.get(first.companyId)!]!.name } : null,
      highValue: abc.get(c.id) === 'A',
    });
    return {
      companyId: c.id, directRisk: risk.r, totalRisk: p, revenue12m: facts.revenue12m, profit12m: facts.profit12m,
      exposure: exposure.companies[i]!,
      details: {
        values: signals, facts: facts.facts, weakestDepartment: facts.weakestDepartment, logOdds: risk.logOdds,
        abcClass: abc.get(c.id) ?? 'C', clv: lifetimeValue, retentionBudget: retentionBudget(p, lifetimeValue), advice,
      },
      contributions: risk.contributions,
      neighbours,
    };
  });

  let revenue = 0;
  for (const s of scores) revenue += s.revenue12m;
  const atRisk = exposure.revenueAtRisk;
  const directAtRisk = exposure.directRevenueAtRisk;
  const run = {
    alpha: settings.alpha, tolerance: settings.tolerance, iterations: result.iterations, converged: result.converged,
    companies: companies.length, pairs: graph.edges.a.length, trigger: options.trigger ?? 'manual',
    revenue12m: round2(revenue), revenueAtRisk: round2(atRisk), directRevenueAtRisk: round2(directAtRisk),
    cascadeRevenueAtRisk: round2(atRisk - directAtRisk), coefficients: settings.coefficients, asOf,
  };
  const runId = await db.transaction().execute(async (trx) => {
    const id = await insertChurnRun(trx, { ...run, durationMs: Math.round(performance.now() - started) });
    await insertChurnScores(trx, id, scores);
    await recordAudit(trx, options.actor ?? null, 'recompute', 'churn_run', id, { after: run });
    return id;
  });
  return { runId, ...run, durationMs: Math.round(performance.now() - started) };
}


/** On-demand recompute (admin, manager). */
export async function recomputeChurnAs(db: DB, config: Pick<Config, 'businessTimeZone'>, actor: Actor) {
  assertRole(actor, 'admin', 'manager');
  return recomputeChurn(db, config, { trigger: 'manual', actor });
}
