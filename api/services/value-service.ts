import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertOwnAccount, assertRole } from '../auth/scope';
import { portfolioCompanyIds } from '../workbench/portfolio';
import { notFound } from '../errors';
import { iso } from '../format';
import { clv, clvPerpetual, retentionBudget } from '../domain/clv';
import { paretoAnalysis } from '../domain/pareto';
import { DEFAULT_LOYALTY_SETTINGS, loyaltyIndex, type LoyaltySettings } from '../domain/loyalty';
import { daysBetween } from '../domain/lifecycle';
import { volumeChange } from '../domain/survey-scores';
import { dayIn, valueWindows } from '../domain/value-window';
import { latestChurnProbabilities } from '../churn/latest-run-queries';
import { companyValueFacts, companyVolumes, shipperProfits, visibleIdSet } from '../queries/customer-value';
import { lifecycleHistory } from '../queries/lifecycle';
import { getSetting } from './settings';
import { companySatisfaction } from './satisfaction-service';

/**
 * Setting 'value.clv': d (discountRate), T (horizonYears, whole years) and the retention used for a company
 * the churn model has not scored (defaultRetention); scored companies use r = 1 − p of the latest churn run.
 */
export interface ClvSettings {
  discountRate: number;
  horizonYears: number;
  defaultRetention: number;
}

export const DEFAULT_CLV_SETTINGS: ClvSettings = { discountRate: 0.1, horizonYears: 5, defaultRetention: 0.8 };

export interface ValueOptions {
  timeZone: string;
  asOf?: string;
}

/** 12-month profit of every shipper, its ABC class (ranked among all shippers), CLV and retention budget. */
async function valueTable(db: DB, asOf: string, timeZone: string) {
  const windows = valueWindows(asOf);
  const settings = await getSetting<ClvSettings>(db, 'value.clv', DEFAULT_CLV_SETTINGS);
  const [profits, churn] = await Promise.all([shipperProfits(db, windows, timeZone), latestChurnProbabilities(db)]);
  const pareto = paretoAnalysis(profits.map((p) => ({ id: p.companyId, profit: p.revenue - p.cost - p.claimsPaid })));
  const byId = new Map(profits.map((p) => [p.companyId, p]));
  const rows = pareto.ranks.map((rank) => {
    const p = byId.get(rank.id)!;
    const scored = churn.get(rank.id);
    const churnProbability = scored ?? 1 - settings.defaultRetention;
    const retention = 1 - churnProbability;
    const lifetimeValue = clv(rank.profit, retention, settings.discountRate, settings.horizonYears);
    return {
      companyId: rank.id, code: p.code, name: p.name,
      revenue: p.revenue, cost: p.cost, claimsPaid: p.claimsPaid, profit: rank.profit, shipments: p.shipments,
      rank: rank.rank, cumulativeShare: rank.cumulativeShare, abcClass: rank.abcClass,
      churnProbability, retention, retentionSource: scored === undefined ? 'default' as const : 'churn' as const,
      clv: lifetimeValue,
      clvPerpetual: retention < 1 + settings.discountRate ? clvPerpetual(rank.profit, retention, settings.discountRate) : null,
      retentionBudget: retentionBudget(churnProbability, lifetimeValue),
    };
  });
  return { windows, settings, pareto, rows };
}

/**
 * The value ranking. Admins get it over all shippers. A manager gets the ranking of their own view: ranks,
 * cumulative shares, class counts and the curve among the shippers they see (provider-wide figures would
 * let them work out the whole book), each shipper keeping its provider-wide ABC class.
 */
export async function valueOverview(db: DB, actor: Actor, options: ValueOptions) {
  assertRole(actor, 'admin', 'manager');
  const asOf = options.asOf ?? dayIn(new Date(), options.timeZone);
  const { windows, settings, pareto, rows } = await valueTable(db, asOf, options.timeZone);
  // a manager's own portfolio: a counterpart's value is another manager's business
  const visible = await visibleIdSet(portfolioCompanyIds(db, actor));
  const inView = visible ? rows.filter((r) => visible.has(r.companyId)) : rows;
  const ranking = visible ? paretoAnalysis(inView.map((r) => ({ id: r.companyId, profit: r.profit }))) : pareto;
  const viewRank = new Map(ranking.ranks.map((r) => [r.id, r]));
  const items = inView
    .map((r) => ({ ...r, rank: viewRank.get(r.companyId)!.rank, cumulativeShare: viewRank.get(r.companyId)!.cumulativeShare }))
    .sort((a, b) => a.rank - b.rank);
  const classCount = (c: 'A' | 'B' | 'C') => items.filter((r) => r.abcClass === c).length;
  return {
    from: windows.yearFrom,
    to: windows.asOf,
    settings,
    ranking: {
      customers: items.length,
      totalProfit: items.reduce((s, r) => s + r.profit, 0),
      totalPositiveProfit: ranking.totalPositiveProfit,
      classCounts: { A: classCount('A'), B: classCount('B'), C: classCount('C') },
      shareMaking80: ranking.shareMaking80,
      curve: ranking.curve,
    },
    items,
  };
}

/** One company's value: profit, class, CLV, lifecycle stage and its history, loyalty index with its components. */
export async function companyValue(db: DB, actor: Actor, companyId: number, options: ValueOptions) {
  assertRole(actor, 'admin', 'manager');
  await assertOwnAccount(db, actor, companyId);
  const asOf = options.asOf ?? dayIn(new Date(), options.timeZone);
  const facts = await companyValueFacts(db, companyId);
  if (!facts) throw notFound('Company');
  const [{ rows, settings }, volumes, history, satisfaction, loyaltySettings] = await Promise.all([
    valueTable(db, asOf, options.timeZone),
    companyVolumes(db, valueWindows(asOf), [companyId]),
    lifecycleHistory(db, companyId),
    companySatisfaction(db, actor, companyId, { timeZone: options.timeZone }),
    getSetting<LoyaltySettings>(db, 'value.loyalty', DEFAULT_LOYALTY_SETTINGS),
  ]);
  const value = rows.find((r) => r.companyId === companyId) ?? null;
  const volume = volumes.get(companyId);
  const since = facts.customer_since && (!volume?.firstDay || facts.customer_since < volume.firstDay) ? facts.customer_since : volume?.firstDay ?? null;
  const loyalty = loyaltyIndex({
    durationYears: since ? Math.max(0, daysBetween(since, asOf)) / 365.25 : null,
    activeMonths: volume?.activeMonths ?? 0,
    volumeChange: volume ? volumeChange(volume.recent90, volume.previous90) : null,
    shipments12m: volume?.shipments12m ?? 0,
    estAnnualShipments: facts.est_annual_shipments,
    serviceLines: facts.service_lines.length,
    satisfaction: satisfaction.weightedScore,
  }, { ...loyaltySettings, weights: { ...DEFAULT_LOYALTY_SETTINGS.weights, ...loyaltySettings.weights } });
  return {
    companyId, code: facts.code, name: facts.name, asOf, from: valueWindows(asOf).yearFrom, settings,
    value,
    volume: {
      recent90: volume?.recent90 ?? 0, previous90: volume?.previous90 ?? 0, shipments12m: volume?.shipments12m ?? 0,
      firstDay: volume?.firstDay ?? null, lastDay: volume?.lastDay ?? null,
    },
    lifecycle: {
      stage: facts.lifecycle_stage,
      changedAt: iso(facts.lifecycle_changed_at),
      history: history.map((h) => ({ stage: h.stage, previousStage: h.previous_stage, changedAt: iso(h.changed_at)! })),
    },
    loyalty,
  };
}
