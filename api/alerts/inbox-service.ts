import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole } from '../auth/scope';
import { AppError, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import { recordAudit } from '../services/audit';
import { assertWorkbenchUser, portfolioCompanyIds } from '../workbench/portfolio';
import { findAlert, listAlerts, unreadCount, upsertAlertState, type AlertRow, type AlertStatus } from './inbox-queries';
import { alertTitle, type Language } from './texts';

const DAY_MS = 86_400_000;

/** Days to act on an alert by severity: what a task made from it is due in. */
export const TASK_DAYS = { critical: 2, warning: 7, info: 14 } as const;
const TASK_PRIORITY = { critical: 'high', warning: 'normal', info: 'low' } as const;

export function alertStatus(row: Pick<AlertRow, 'dismissed_at' | 'snoozed_until' | 'read_at'>, now: Date): Exclude<AlertStatus, 'active' | 'any'> {
  if (row.dismissed_at) return 'dismissed';
  if (row.snoozed_until && row.snoozed_until > now) return 'snoozed';
  return row.read_at ? 'read' : 'unread';
}

/** The task an alert suggests: its title, due in the severity's days, its priority and links. */
export function taskDraft(row: Pick<AlertRow, 'id' | 'rule' | 'params' | 'severity' | 'company_id' | 'pair_id' | 'contract_id'>, now: Date, language: Language = 'en') {
  return {
    title: alertTitle(row.rule, row.params, language).slice(0, 200),
    dueAt: new Date(now.getTime() + TASK_DAYS[row.severity] * DAY_MS).toISOString(),
    priority: TASK_PRIORITY[row.severity],
    companyId: Number(row.company_id),
    pairId: row.pair_id === null ? null : Number(row.pair_id),
    contractId: row.contract_id === null ? null : Number(row.contract_id),
    alertId: Number(row.id),
  };
}

export function toAlert(row: AlertRow, now: Date, language: Language = 'en') {
  return {
    id: Number(row.id),
    rule: row.rule,
    severity: row.severity,
    period: row.period,
    companyId: Number(row.company_id),
    companyName: row.company_name,
    pairId: row.pair_id === null ? null : Number(row.pair_id),
    contractId: row.contract_id === null ? null : Number(row.contract_id),
    title: alertTitle(row.rule, row.params, language),
    params: row.params,
    evidence: row.evidence,
    raisedAt: isoRequired(row.raised_at),
    routed: row.routed === true,
    status: alertStatus(row, now),
    readAt: iso(row.read_at),
    snoozedUntil: iso(row.snoozed_until),
    dismissedAt: iso(row.dismissed_at),
    dismissReason: row.dismiss_reason,
    openTasks: Number(row.open_tasks ?? 0),
    taskDraft: taskDraft(row, now, language),
  };
}

export interface AlertListInput {
  box: 'inbox' | 'all';
  status: AlertStatus;
  rule?: string;
  severity?: 'info' | 'warning' | 'critical';
  companyId?: number;
  page: number;
  pageSize: number;
}

export async function listAlertsFor(db: DB, actor: Actor, q: AlertListInput, now = new Date(), language: Language = 'en') {
  assertWorkbenchUser(actor);
  if (q.companyId !== undefined) await assertCompanyVisible(db, actor, q.companyId);
  const { rows, total } = await listAlerts(db, {
    userId: actor.userId, portfolio: portfolioCompanyIds(db, actor), box: q.box, status: q.status, rule: q.rule,
    severity: q.severity, companyId: q.companyId, now,
  }, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map((r) => toAlert(r, now, language)), ...pageMeta(q.page, q.pageSize, total) };
}

export async function unreadAlerts(db: DB, actor: Actor, now = new Date()) {
  assertWorkbenchUser(actor);
  return { unread: await unreadCount(db, actor.userId, portfolioCompanyIds(db, actor), now) };
}

/** An alert the caller may work on; another portfolio's or an unknown one is a 404. */
export async function alertFor(db: DB, actor: Actor, id: number) {
  assertWorkbenchUser(actor);
  const row = await findAlert(db, id, actor.userId, portfolioCompanyIds(db, actor));
  if (!row) throw notFound('Alert');
  return row;
}

export async function getAlert(db: DB, actor: Actor, id: number, now = new Date(), language: Language = 'en') {
  return toAlert(await alertFor(db, actor, id), now, language);
}

export type AlertAction =
  | { kind: 'read' } | { kind: 'unread' }
  | { kind: 'snooze'; until: Date | null }
  | { kind: 'dismiss'; reason: string } | { kind: 'restore' };

/** A snooze ends in the future and at most a year from now. */
export function snoozeProblem(until: Date, now: Date) {
  const max = new Date(now);
  max.setUTCFullYear(max.getUTCFullYear() + 1);
  if (until.getTime() <= now.getTime()) return { code: 'too_small', message: 'A snooze must end in the future.', params: { min: now.toISOString() } };
  if (until.getTime() > max.getTime()) return { code: 'too_big', message: 'A snooze may last a year at most.', params: { max: max.toISOString() } };
  return null;
}

export async function actOnAlert(db: DB, actor: Actor, id: number, action: AlertAction, now = new Date()) {
  const before = await alertFor(db, actor, id);
  if (action.kind === 'snooze' && action.until) {
    const problem = snoozeProblem(action.until, now);
    if (problem) throw new AppError(400, 'validation_failed', problem.message, [{ path: 'until', ...problem }]);
  }
  const patch = {
    read: { read_at: before.read_at ?? now },
    unread: { read_at: null },
    snooze: { snoozed_until: action.kind === 'snooze' ? action.until : null },
    dismiss: { dismissed_at: now, dismiss_reason: action.kind === 'dismiss' ? action.reason : null, read_at: before.read_at ?? now },
    restore: { dismissed_at: null, dismiss_reason: null },
  }[action.kind];
  await db.transaction().execute(async (trx) => {
    await upsertAlertState(trx, id, actor.userId, patch);
    await recordAudit(trx, actor, action.kind, 'alert', id, { after: action.kind === 'dismiss' ? { reason: action.reason } : action.kind === 'snooze' ? { until: iso(action.until) } : undefined });
  });
  return getAlert(db, actor, id, now);
}

export const assertAlertAdmin = (actor: Actor) => assertRole(actor, 'admin');
