import type { DB } from '../../db/database';
import type { LifecycleStage } from '../../db/tables/accounts';
import type { Config } from '../config';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { badRequest } from '../errors';
import { addDays, businessDay } from '../domain/business-day';
import { computeSignals, DEFAULT_COEFFICIENTS, logistic, SIGNALS, signalVector, type Coefficients } from './signals';
import { auc, calibration, fitLogistic, isHeldOut } from './logistic-fit';
import { churnCompanies, countDepartures } from './inputs-queries';
import { stagesAsOf } from './stage-history-queries';
import { DEFAULT_CLAIM_RESPONSE_HOURS, loadChurnFacts } from './facts';
import { getSetting, putSetting } from '../services/settings';

/** Signals of a churned company are taken this many days before its termination: what a manager could have seen. */
export const LOOKBACK_DAYS = 30;

/** A fit is applied on start only from this many departures (terminated companies) on: fewer say little. */
export const MIN_DEPARTURES_TO_FIT = 30;

/** What was fitted and applied, stored as the setting 'churn.model' next to 'churn.coefficients' (the model card). */
export interface StoredFit {
  fittedAt: string;
  lambda: number;
  departures: number;
  companies: number;
  heldOut: { companies: number; churned: number; auc: number | null };
  coefficients: Coefficients;
}

export interface FitOptions {
  apply: boolean;
  lambda: number;
  asOf?: string;
}

/**
 * Fits the direct-risk coefficients to the provider's own history: companies with terminated_at are the
 * positives (signals as of LOOKBACK_DAYS before termination, lifecycle stage as it stood then), the others
 * the negatives (signals as of today). L2-regularised logistic regression on a deterministic four-fifths
 * of the companies; AUC, log loss and calibration on the held-out fifth. Stores the coefficients as the
 * setting 'churn.coefficients' only when apply is set, with what was fitted as 'churn.model' (the model card).
 */
export async function fitChurnModel(db: DB, config: Pick<Config, 'businessTimeZone'>, actor: Actor | null, options: FitOptions) {
  if (actor) assertRole(actor, 'admin');
  const today = options.asOf ?? businessDay(new Date(), config.businessTimeZone);
  const claimResponseHours = await getSetting<number>(db, 'churn.claimResponseHours', DEFAULT_CLAIM_RESPONSE_HOURS);
  const companies = await churnCompanies(db, { includeTerminated: true });
  const byAsOf = new Map<string, typeof companies>();
  for (const c of companies) {
    const asOf = c.terminatedAt ? addDays(businessDay(c.terminatedAt, config.businessTimeZone), -LOOKBACK_DAYS) : today;
    byAsOf.set(asOf, [...(byAsOf.get(asOf) ?? []), c]);
  }
  const samples: { id: number; x: number[]; y: number }[] = [];
  for (const [asOf, group] of byAsOf) {
    const churned = group.filter((c) => c.terminatedAt);
    const stages: Map<number, LifecycleStage | null> = churned.length > 0 ? await stagesAsOf(db, churned.map((c) => c.id), asOf) : new Map();
    for (const c of group) if (!c.terminatedAt) stages.set(c.id, c.lifecycleStage);
    const facts = await loadChurnFacts(db, group, asOf, { claimResponseHours, stages });
    for (const c of group) samples.push({ id: c.id, x: signalVector(computeSignals(facts.get(c.id)!.facts)), y: c.terminatedAt ? 1 : 0 });
  }
  const train = samples.filter((s) => !isHeldOut(s.id));
  const test = samples.filter((s) => isHeldOut(s.id));
  const trainChurned = train.filter((s) => s.y === 1).length;
  if (trainChurned === 0 || trainChurned === train.length) {
    throw badRequest('Not enough history to fit: the training part needs both churned and retained companies.', [
      { path: '(history)', message: `${train.length} companies in training, ${trainChurned} churned.` },
    ]);
  }
  const fit = fitLogistic(train.map((s) => s.x), train.map((s) => s.y), options.lambda);
  const coefficients = { intercept: fit.weights[0]! } as Coefficients;
  SIGNALS.forEach((signal, k) => { coefficients[signal] = fit.weights[k + 1]!; });
  const predicted = test.map((s) => logistic(s.x.reduce((sum, v, k) => sum + v * fit.weights[k + 1]!, fit.weights[0]!)));
  const labels = test.map((s) => s.y);
  const logLoss = test.length === 0 ? null
    : -labels.reduce((sum, y, i) => sum + Math.log(Math.min(1 - 1e-15, Math.max(1e-15, y === 1 ? predicted[i]! : 1 - predicted[i]!))), 0) / test.length;
  const previous = await getSetting<Coefficients>(db, 'churn.coefficients', DEFAULT_COEFFICIENTS);
  const heldOutAuc = auc(predicted, labels);
  if (options.apply) {
    const stored: StoredFit = {
      fittedAt: new Date().toISOString(), lambda: options.lambda,
      departures: samples.filter((s) => s.y === 1).length, companies: samples.length,
      heldOut: { companies: test.length, churned: labels.filter((y) => y === 1).length, auc: heldOutAuc },
      coefficients,
    };
    await db.transaction().execute(async (trx) => {
      await putSetting(trx, actor, 'churn.coefficients', coefficients);
      await putSetting(trx, actor, 'churn.model', stored);
    });
  }
  return {
    applied: options.apply, lambda: options.lambda,
    train: { companies: train.length, churned: trainChurned },
    heldOut: {
      companies: test.length, churned: labels.filter((y) => y === 1).length,
      auc: heldOutAuc, logLoss, calibration: calibration(predicted, labels, 5),
    },
    coefficients, previous, converged: fit.converged,
  };
}

/**
 * On start with the demo: fit and apply when the history holds at least MIN_DEPARTURES_TO_FIT departures,
 * otherwise keep the defaults (the model card then says why). Returns whether a fit was applied.
 */
export async function fitOnStart(db: DB, config: Pick<Config, 'businessTimeZone'>, log: (m: string) => void): Promise<boolean> {
  const departures = await countDepartures(db);
  if (departures < MIN_DEPARTURES_TO_FIT) {
    log(`churn model: ${departures} departures in the history (< ${MIN_DEPARTURES_TO_FIT}): keeping the default coefficients`);
    return false;
  }
  const result = await fitChurnModel(db, config, null, { apply: true, lambda: 1 });
  log(`churn model: fitted on ${departures} departures, held-out AUC ${result.heldOut.auc?.toFixed(3) ?? 'n/a'}; applied`);
  return true;
}
