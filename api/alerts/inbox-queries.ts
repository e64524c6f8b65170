import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database';
import type { AlertStatesTable } from '../../db/tables/workbench';
import type { portfolioCompanyIds } from '../workbench/portfolio';

export type AlertStatus = 'active' | 'unread' | 'read' | 'snoozed' | 'dismissed' | 'any';

export interface AlertFilter {
  userId: number;
  portfolio: ReturnType<typeof portfolioCompanyIds>;
  /** inbox: routed to the user; all: every alert in the portfolio */
  box: 'inbox' | 'all';
  status: AlertStatus;
  rule?: string;
  severity?: string;
  companyId?: number;
  now: Date;
}

function filtered(db: Executor, f: AlertFilter) {
  return db.selectFrom('alerts as a')
    .innerJoin('companies as c', 'c.id', 'a.company_id')
    .leftJoin('alert_states as s', (j) => j.onRef('s.alert_id', '=', 'a.id').on('s.user_id', '=', f.userId))
    .$if(f.portfolio !== null, (q) => q.where('a.company_id', 'in', f.portfolio as any))
    .$if(f.box === 'inbox', (q) => q.where('s.routed', '=', true))
    .$if(f.rule !== undefined, (q) => q.where('a.rule', '=', f.rule!))
    .$if(f.severity !== undefined, (q) => q.where('a.severity', '=', f.severity as any))
    .$if(f.companyId !== undefined, (q) => q.where('a.company_id', '=', f.companyId!))
    .where((eb) => {
      const dismissed = eb('s.dismissed_at', 'is not', null);
      const snoozed = eb.and([eb('s.snoozed_until', 'is not', null), eb('s.snoozed_until', '>', f.now)]);
      const unread = eb.or([eb('s.read_at', 'is', null), eb('s.alert_id', 'is', null)]);
      switch (f.status) {
        case 'any': return sql<boolean>`true`;
        case 'dismissed': return dismissed;
        case 'snoozed': return eb.and([eb.not(dismissed), snoozed]);
        case 'unread': return eb.and([eb.or([eb('s.dismissed_at', 'is', null), eb('s.alert_id', 'is', null)]), eb.not(snoozed), unread]);
        case 'read': return eb.and([eb('s.dismissed_at', 'is', null), eb.not(snoozed), eb('s.read_at', 'is not', null)]);
        default: return eb.and([eb.or([eb('s.dismissed_at', 'is', null), eb('s.alert_id', 'is', null)]), eb.or([eb('s.snoozed_until', 'is', null), eb('s.snoozed_until', '<=', f.now)])]);
      }
    });
}

const COLUMNS = [
  'a.id', 'a.rule', 'a.cause_key', 'a.company_id', 'a.pair_id', 'a.contract_id', 'a.severity', 'a.period', 'a.params', 'a.evidence',
  'a.raised_at', 'c.name as company_name', 's.routed', 's.read_at', 's.snoozed_until', 's.dismissed_at', 's.dismiss_reason',
] as const;

const withColumns = (db: Executor, f: AlertFilter) => filtered(db, f).select([...COLUMNS])
  .select((eb) => eb.selectFrom('tasks as t').select(eb.fn.countAll<number>().as('n'))
    .whereRef('t.alert_id', '=', 'a.id').where('t.status', 'in', ['open', 'in_progress']).as('open_tasks'));

export async function listAlerts(db: Executor, f: AlertFilter, page: { limit: number; offset: number }) {
  const [rows, count] = await Promise.all([
    withColumns(db, f).orderBy('a.raised_at', 'desc').orderBy('a.id', 'desc').limit(page.limit).offset(page.offset).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type AlertRow = Awaited<ReturnType<typeof listAlerts>>['rows'][number];

/** One alert in the caller's portfolio, with the caller's state of it. */
export const findAlert = (db: Executor, id: number, userId: number, portfolio: ReturnType<typeof portfolioCompanyIds>) =>
  withColumns(db, { userId, portfolio, box: 'all', status: 'any', now: new Date() }).where('a.id', '=', id).executeTakeFirst();

export const alertExists = async (db: Executor, id: number) =>
  db.selectFrom('alerts').select(['id', 'company_id']).where('id', '=', id).executeTakeFirst();

export async function unreadCount(db: Executor, userId: number, portfolio: ReturnType<typeof portfolioCompanyIds>, now: Date) {
  const row = await filtered(db, { userId, portfolio, box: 'inbox', status: 'unread', now })
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets one user's state of an alert (creating it, not routed, when the user had none). */
export async function upsertAlertState(db: Executor, alertId: number, userId: number, patch: Partial<Omit<Insertable<AlertStatesTable>, 'alert_id' | 'user_id'>>) {
  await db.insertInto('alert_states').values({ alert_id: alertId, user_id: userId, ...patch })
    .onConflict((oc) => oc.columns(['user_id', 'alert_id']).doUpdateSet(patch))
    .execute();
}
