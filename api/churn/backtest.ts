import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { badRequest } from '../errors';
import { addDays } from '../domain/business-day';
import { getSetting } from '../services/settings';
import { runCascade } from './cascade';
import { buildChurnGraph } from './graph';
import { computeSignals, DEFAULT_COEFFICIENTS, directRisk, type Coefficients } from './signals';
import { pairShipments12m } from './inputs-queries';
import { stagesAsOf } from './stage-history-queries';
import { loadChurnFacts } from './facts';
import { churnSettings } from './recompute';
import { CHURN_READERS } from './read';
import type { StoredFit } from './fit';
import { companiesAsOf, departuresBetween } from './backtest-queries';
import { auc, brier, calibrationDeciles, topDecileLift } from './backtest-metrics';

/** The horizon of every churn probability and of the backtest's outcome window: 12 months (365 days). */
export const HORIZON_DAYS = 365;

export const LEFT_DEFINITION = 'Left = terminated (terminated_at, as the fit counts departures) or moved to the lifecycle stage '
  + '"terminated" within the 365 days after the as-of day.';

const KNOWN_THEN = 'Scored with only what was known at the end of the as-of day: deliveries (rollups) of days up to it, surveys '
  + 'submitted, complaints and claims opened by then (resolved later = still open), contracts started or recorded by then, '
  + 'lifecycle stages from their history, partners terminated by then; companies known then and not yet terminated.';

function metrics(predicted: number[], labels: number[]) {
  return {
    auc: auc(predicted, labels), brier: brier(predicted, labels), topDecile: topDecileLift(predicted, labels),
    meanPredicted: predicted.length ? predicted.reduce((s, p) => s + p, 0) / predicted.length : null,
    calibration: calibrationDeciles(predicted, labels),
  };
}

/**
 * Backtest (DESIGN.md §7 "Trust"): score every company as of a past day with only what was known then — direct
 * risk r with today's coefficients and the cascade p over the pair graph of the 12 months to that day — and compare
 * with who actually left in the following 12 months. AUC, top-decile lift, Brier and calibration by deciles, for
 * the direct model alone and with the cascade. The book is scored whole (one model for everyone); the answer names no company.
 */
export async function churnBacktest(db: DB, actor: Actor | null, input: { asOf?: string }, today: string) {
  if (actor) assertRole(actor, ...CHURN_READERS);
  const asOf = input.asOf ?? addDays(today, -HORIZON_DAYS);
  if (asOf >= today) {
    throw badRequest('The as-of day must lie before today.', [{ path: 'asOf', code: 'in_future', message: 'Must lie before today.' }]);
  }
  const horizonEnd = addDays(asOf, HORIZON_DAYS);
  const settings = await churnSettings(db);
  const fit = await getSetting<StoredFit | null>(db, 'churn.model', null);
  const companies = await companiesAsOf(db, asOf);
  const ids = companies.map((c) => c.id);
  const [stages, volumes, left] = await Promise.all([
    stagesAsOf(db, ids, asOf), pairShipments12m(db, asOf), departuresBetween(db, ids, asOf, horizonEnd),
  ]);
  const facts = await loadChurnFacts(db, companies, asOf, { claimResponseHours: settings.claimResponseHours, stages, knownByAsOf: true });
  const index = new Map(companies.map((c, i) => [c.id, i]));
  const r = new Float64Array(companies.length);
  companies.forEach((c, i) => { r[i] = directRisk(computeSignals(facts.get(c.id)!.facts), settings.coefficients).r; });
  const graph = buildChurnGraph(volumes, index);
  const cascade = runCascade(companies.length, graph.edges, r, { alpha: settings.alpha, tolerance: settings.tolerance });
  const labels = companies.map((c) => (left.has(c.id) ? 1 : 0));
  const coefficientsSource = fit && sameCoefficients(fit.coefficients, settings.coefficients) ? 'fitted'
    : sameCoefficients(settings.coefficients, DEFAULT_COEFFICIENTS) ? 'defaults' : 'manual';
  const notes: string[] = [];
  if (horizonEnd > today) notes.push(`The outcome window is not over: it ends ${horizonEnd}, departures after today are not known yet.`);
  if (coefficientsSource === 'fitted') notes.push(`The coefficients were fitted on ${fit!.fittedAt.slice(0, 10)} on the history that may include this window: the backtest is then partly in-sample.`);
  if (coefficientsSource === 'defaults') notes.push('The coefficients are the documented defaults (no fit applied).');
  if (left.size === 0) notes.push('No company left in the window: AUC and lift need departures.');
  return {
    asOf, horizonEnd, today,
    horizon: 'Probabilities are of leaving within 12 months of the as-of day.',
    leftDefinition: LEFT_DEFINITION,
    knownThen: KNOWN_THEN,
    outcomeComplete: horizonEnd <= today,
    coefficients: { source: coefficientsSource as 'fitted' | 'defaults' | 'manual', fittedAt: coefficientsSource === 'fitted' ? fit!.fittedAt : null, alpha: settings.alpha },
    companies: companies.length,
    departures: left.size,
    pairs: graph.edges.a.length,
    direct: metrics(Array.from(r), labels),
    cascade: metrics(Array.from(cascade.p), labels),
    notes,
  };
}

const sameCoefficients = (a: Coefficients, b: Coefficients) =>
  Object.keys(DEFAULT_COEFFICIENTS).every((k) => Math.abs(((a as Record<string, number>)[k] ?? 0) - ((b as Record<string, number>)[k] ?? 0)) < 1e-12);

export type BacktestReport = Awaited<ReturnType<typeof churnBacktest>>;
