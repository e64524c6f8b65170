import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { getSetting } from '../services/settings';
import { DEFAULT_COEFFICIENTS, type Coefficients } from './signals';
import { CHURN_READERS } from './read';
import { MIN_DEPARTURES_TO_FIT, type StoredFit } from './fit';
import { countDepartures } from './inputs-queries';

const sameCoefficients = (a: Coefficients, b: Coefficients) =>
  Object.keys(DEFAULT_COEFFICIENTS).every((k) => Math.abs(((a as Record<string, number>)[k] ?? 0) - ((b as Record<string, number>)[k] ?? 0)) < 1e-12);

/**
 * The model card: which coefficients the direct risk uses now. 'fitted' when they are the ones the last applied
 * fit stored (when, on how many departures, its held-out AUC); 'defaults' when they are the documented defaults;
 * 'manual' when someone stored other coefficients in the settings.
 */
export async function churnModelCard(db: DB, actor: Actor) {
  assertRole(actor, ...CHURN_READERS);
  const [coefficients, fit, departures] = await Promise.all([
    getSetting<Coefficients>(db, 'churn.coefficients', DEFAULT_COEFFICIENTS),
    getSetting<StoredFit | null>(db, 'churn.model', null),
    countDepartures(db),
  ]);
  const source: 'fitted' | 'defaults' | 'manual' = fit && sameCoefficients(fit.coefficients, coefficients) ? 'fitted'
    : sameCoefficients(coefficients, DEFAULT_COEFFICIENTS) ? 'defaults' : 'manual';
  const note = source === 'fitted'
    ? `Fitted on ${fit!.departures} departures among ${fit!.companies} companies; held-out AUC ${fit!.heldOut.auc?.toFixed(3) ?? 'n/a'}.`
    : source === 'defaults'
      ? departures < MIN_DEPARTURES_TO_FIT
        ? `The documented defaults: the history has ${departures} departures, a fit needs at least ${MIN_DEPARTURES_TO_FIT}.`
        : 'The documented defaults: no fit has been applied.'
      : 'Coefficients set by hand in the settings (not the defaults, not the last applied fit).';
  return {
    source, note, coefficients, defaults: DEFAULT_COEFFICIENTS, departures, minDeparturesToFit: MIN_DEPARTURES_TO_FIT,
    fit: source === 'fitted' ? { fittedAt: fit!.fittedAt, lambda: fit!.lambda, departures: fit!.departures, companies: fit!.companies, heldOut: fit!.heldOut } : null,
  };
}
