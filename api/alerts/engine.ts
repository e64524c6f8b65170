import type { DB } from '../../db/database';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { businessDay } from '../domain/business-day';
import { ALERT_RULES } from './rules';
import type { AlertCandidate, AlertRule, AlertTrigger, RuleContext } from './rule';
import { alertThresholds } from './thresholds';
import { alertIdsByCause, routeAlerts, storeCandidates } from './queries';

export interface EvaluationResult {
  trigger: AlertTrigger;
  /** causes found by the rules this time, new or not */
  found: number;
  /** alerts raised now (causes not seen before) */
  raised: number;
  byRule: Record<string, number>;
}

const runsOn = (rule: AlertRule, trigger: AlertTrigger) => trigger === 'nightly' || trigger === 'manual' || rule.triggers.includes(trigger);

/**
 * Runs the rules of a trigger, stores the causes not raised before and routes them (and any cause whose
 * recipient changed) to their recipients. Idempotent: the same world evaluated again raises nothing.
 */
export async function evaluateAlerts(
  db: DB, config: Pick<Config, 'businessTimeZone'>, trigger: AlertTrigger,
  options: { now?: Date; companyIds?: readonly number[]; rules?: readonly AlertRule[] } = {},
): Promise<EvaluationResult> {
  const now = options.now ?? new Date();
  const ctx: RuleContext = {
    db, now, today: businessDay(now, config.businessTimeZone), timeZone: config.businessTimeZone,
    thresholds: await alertThresholds(db), companyIds: options.companyIds,
  };
  const candidates: AlertCandidate[] = [];
  for (const rule of (options.rules ?? ALERT_RULES).filter((r) => runsOn(r, trigger))) candidates.push(...await rule.evaluate(ctx));
  const unique = [...new Map(candidates.map((c) => [c.causeKey, c])).values()];
  const created = await db.transaction().execute(async (trx) => {
    const ids = await storeCandidates(trx, unique, now);
    await routeAlerts(trx, await alertIdsByCause(trx, unique.map((c) => c.causeKey)));
    return ids;
  });
  const createdSet = new Set(created);
  const byRule: Record<string, number> = {};
  if (created.length) {
    const rows = await db.selectFrom('alerts').select(['id', 'rule']).where('id', 'in', created).execute();
    for (const r of rows) if (createdSet.has(Number(r.id))) byRule[r.rule] = (byRule[r.rule] ?? 0) + 1;
  }
  return { trigger, found: unique.length, raised: created.length, byRule };
}

/** For the places that raise alerts on the side (after an import, a survey, a clock tick): never throws, logs instead. */
export async function evaluateAlertsSafely(
  db: DB, config: Pick<Config, 'businessTimeZone'>, logger: Pick<Logger, 'warn' | 'log'>, trigger: AlertTrigger,
  options: { companyIds?: readonly number[] } = {},
): Promise<EvaluationResult | null> {
  try {
    const result = await evaluateAlerts(db, config, trigger, options);
    if (result.raised > 0) logger.log('info', 'raised alerts', { trigger, raised: result.raised, byRule: result.byRule });
    return result;
  } catch (error) {
    logger.warn('could not evaluate the alert rules', { trigger, error: String(error) });
    return null;
  }
}
