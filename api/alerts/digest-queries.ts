import type { Executor } from '../../db/database';
import type { portfolioCompanyIds } from '../workbench/portfolio';

/** Active staff who have routed alerts not yet e-mailed. */
export const usersWithPendingAlerts = (db: Executor) =>
  db.selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.company_id'])
    .where('u.disabled_at', 'is', null)
    .where('u.role', 'in', ['admin', 'manager'])
    .where((eb) => eb.exists(eb.selectFrom('alert_states as s').select('s.alert_id')
      .whereRef('s.user_id', '=', 'u.id').where('s.routed', '=', true).where('s.emailed_at', 'is', null).where('s.dismissed_at', 'is', null)))
    .orderBy('u.id')
    .execute();

/** A user's routed alerts not yet e-mailed, neither dismissed nor snoozed now, on companies of their portfolio. */
export const pendingAlertsOf = (db: Executor, userId: number, portfolio: ReturnType<typeof portfolioCompanyIds>, now: Date) =>
  db.selectFrom('alert_states as s')
    .innerJoin('alerts as a', 'a.id', 's.alert_id')
    .innerJoin('companies as c', 'c.id', 'a.company_id')
    .select(['a.id', 'a.rule', 'a.severity', 'a.params', 'a.raised_at', 'c.name as company_name'])
    .where('s.user_id', '=', userId).where('s.routed', '=', true).where('s.emailed_at', 'is', null).where('s.dismissed_at', 'is', null)
    .where((eb) => eb.or([eb('s.snoozed_until', 'is', null), eb('s.snoozed_until', '<=', now)]))
    .$if(portfolio !== null, (q) => q.where('a.company_id', 'in', portfolio as any))
    .orderBy('a.raised_at', 'desc').orderBy('a.id', 'desc')
    .execute();

export const findDigest = (db: Executor, userId: number, day: string) =>
  db.selectFrom('alert_digests').selectAll().where('user_id', '=', userId).where('day', '=', day).executeTakeFirst();

export async function recordDigestAttempt(db: Executor, userId: number, day: string, outcome: { sentAt: Date | null; alerts: number; error: string | null; nextAttemptAt: Date | null }) {
  await db.insertInto('alert_digests')
    .values({ user_id: userId, day, alerts: outcome.alerts, attempts: 1, sent_at: outcome.sentAt, last_error: outcome.error, next_attempt_at: outcome.nextAttemptAt })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doUpdateSet((eb) => ({
      alerts: outcome.alerts, attempts: eb('alert_digests.attempts', '+', 1), sent_at: outcome.sentAt,
      last_error: outcome.error, next_attempt_at: outcome.nextAttemptAt,
    })))
    .execute();
}

export const markEmailed = (db: Executor, userId: number, alertIds: readonly number[], at: Date) =>
  alertIds.length === 0 ? Promise.resolve() : db.updateTable('alert_states').set({ emailed_at: at })
    .where('user_id', '=', userId).where('alert_id', 'in', [...alertIds]).execute().then(() => undefined);
