import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { validationFailed } from '../errors';
import { businessDay } from '../domain/business-day';
import { lastDayOfMonth, monthStart } from '../domain/periods';
import { contractMonths } from '../alerts/contract-months';
import { alertTitle, type Language } from '../alerts/texts';
import { assertInPortfolio } from '../workbench/portfolio';
import {
  alertEvents, churnEvents, claimEvents, contractEvents, disputeEvents, interactionEvents, RANK, surveyEvents, taskEvents, type Cursor, type EventRow,
} from './queries';

export const TIMELINE_KINDS = ['interaction', 'survey', 'breach', 'churn', 'contract', 'alert', 'task', 'dispute', 'claim'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** A churn-risk change worth a line on the timeline: five points either way from one run to the next. */
export const TIMELINE_CHURN_CHANGE = 0.05;
/** How far back breaches are looked for (months). */
const BREACH_MONTHS = 24;

const KIND_OF_RANK: Record<number, TimelineKind> = {
  [RANK.interaction]: 'interaction', [RANK.survey]: 'survey', [RANK.alert]: 'alert', [RANK.taskCreated]: 'task', [RANK.taskDone]: 'task',
  [RANK.contractStart]: 'contract', [RANK.contractEnd]: 'contract', [RANK.breach]: 'breach', [RANK.churn]: 'churn',
  [RANK.disputeFiled]: 'dispute', [RANK.disputeDecided]: 'dispute',
  [RANK.claim]: 'claim',
};

export const encodeCursor = (c: Cursor) => Buffer.from(`${c.at.toISOString()}|${c.rank}|${c.id}`).toString('base64url');

export function decodeCursor(text: string): Cursor {
  const [at, rank, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const cursor = { at: new Date(at ?? ''), rank: Number(rank), id: Number(id) };
  if (Number.isNaN(cursor.at.getTime()) || !Number.isInteger(cursor.rank) || !Number.isSafeInteger(cursor.id)) {
    throw validationFailed('Invalid query: before: not a cursor of this timeline.', [{ path: 'before', code: 'invalid_cursor', message: 'Not a cursor of this timeline.' }]);
  }
  return cursor;
}

const newerFirst = (a: EventRow, b: EventRow) => b.at.getTime() - a.at.getTime() || b.rank - a.rank || b.id - a.id;
const isBefore = (e: EventRow, c: Cursor | null) => c === null || newerFirst({ ...e }, { at: c.at, rank: c.rank, id: c.id, data: {} }) > 0;

/** Closed months in breach of the company's contracts (as shipper), as events at the end of the month. */
async function breachEvents(db: DB, companyId: number, c: Cursor | null, limit: number, today: string): Promise<EventRow[]> {
  const months = await contractMonths(db, monthStart(today, -BREACH_MONTHS), lastDayOfMonth(monthStart(today, -1).slice(0, 7)), today, [companyId]);
  return months
    .filter((m) => m.compliance.state === 'closed' && m.compliance.breached)
    .map((m) => ({
      at: new Date(`${lastDayOfMonth(m.span.month)}T23:59:59Z`), rank: RANK.breach,
      id: Number(m.contract.id) * 10000 + Number(m.span.month.replace('-', '').slice(2)),
      data: {
        contractId: m.contract.id, code: m.contract.code, month: m.span.month, breaches: m.compliance.breaches,
        worstKpi: m.compliance.worstKpi, creditAmount: m.compliance.creditAmount, currency: m.contract.currency, due: m.kpis.due,
      },
    }))
    .filter((e) => isBefore(e, c))
    .sort(newerFirst)
    .slice(0, limit);
}

export interface TimelineQuery { kinds?: TimelineKind[]; before?: string; limit: number }

/** One chronological feed of everything that happened with a company, newest first, in keyset pages. */
export async function companyTimeline(db: DB, actor: Actor, companyId: number, q: TimelineQuery, timeZone: string, now = new Date(), language: Language = 'en') {
  await assertInPortfolio(db, actor, companyId);
  const cursor = q.before ? decodeCursor(q.before) : null;
  const kinds = new Set(q.kinds?.length ? q.kinds : TIMELINE_KINDS);
  const n = q.limit + 1;
  const today = businessDay(now, timeZone);
  const sources: Promise<EventRow[]>[] = [];
  if (kinds.has('interaction')) sources.push(interactionEvents(db, companyId, cursor, n));
  if (kinds.has('survey')) sources.push(surveyEvents(db, companyId, cursor, n));
  if (kinds.has('alert')) sources.push(alertEvents(db, companyId, cursor, n));
  if (kinds.has('task')) sources.push(taskEvents(db, companyId, cursor, n));
  if (kinds.has('contract')) sources.push(contractEvents(db, companyId, cursor, n, now));
  if (kinds.has('churn')) sources.push(churnEvents(db, companyId, cursor, n, TIMELINE_CHURN_CHANGE));
  if (kinds.has('breach')) sources.push(breachEvents(db, companyId, cursor, n, today));
  if (kinds.has('dispute')) sources.push(disputeEvents(db, companyId, cursor, n));
  if (kinds.has('claim')) sources.push(claimEvents(db, companyId, cursor, n));
  const merged = (await Promise.all(sources)).flat().sort(newerFirst);
  const page = merged.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({
      kind: KIND_OF_RANK[e.rank]!,
      id: e.id,
      at: e.at.toISOString(),
      data: e.rank === RANK.alert
        ? { ...e.data, alertId: e.id, title: alertTitle(String(e.data.rule), e.data.params as Record<string, string | number | null>, language) }
        : e.data,
    })),
    meta: { nextCursor: merged.length > q.limit && last ? encodeCursor(last) : null },
  };
}
