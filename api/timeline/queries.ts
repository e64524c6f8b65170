import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** Events are ordered newest first by (at, rank, id); a page continues strictly after its cursor. */
export interface Cursor { at: Date; rank: number; id: number }

export interface EventRow { at: Date; rank: number; id: number; data: Record<string, unknown> }

const before = (c: Cursor | null, at: string, rank: number, id: string) =>
  c === null ? sql`true` : sql`(${sql.raw(at)}, ${rank}::int, ${sql.raw(id)}) < (${c.at}::timestamptz, ${c.rank}::int, ${c.id}::bigint)`;

async function rows(db: Executor, query: ReturnType<typeof sql<Record<string, unknown>>>): Promise<EventRow[]> {
  const { rows: found } = await query.execute(db);
  return found.map((r) => ({ at: r.at as Date, rank: Number(r.rank), id: Number(r.id), data: (r.data ?? {}) as Record<string, unknown> }));
}

export const RANK = { interaction: 1, survey: 2, alert: 3, taskCreated: 4, taskDone: 5, contractStart: 6, contractEnd: 7, breach: 8, churn: 9, disputeFiled: 10, disputeDecided: 11, claim: 12 } as const;

export const interactionEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number) => rows(db, sql`
  select i.occurred_at as at, ${RANK.interaction} as rank, i.id,
    jsonb_build_object('kind', i.kind, 'summary', i.summary, 'department', d.name, 'open', i.kind in ('complaint','claim') and i.resolved_at is null) as data
  from interactions i left join departments d on d.id = i.department_id
  where i.company_id = ${companyId} and ${before(c, 'i.occurred_at', RANK.interaction, 'i.id')}
  order by i.occurred_at desc, i.id desc limit ${limit}`);

export const surveyEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number) => rows(db, sql`
  select s.submitted_at as at, ${RANK.survey} as rank, s.id,
    jsonb_build_object('department', d.name, 'side', s.side, 'channel', s.channel, 'recommend', s.recommend,
      'score', (coalesce(s.timeliness,0)+coalesce(s.accuracy,0)+coalesce(s.condition,0)+coalesce(s.billing,0)+coalesce(s.proactiveness,0)
        +coalesce(s.communication,0)+coalesce(s.value_added,0))::float8
        / nullif(num_nonnulls(s.timeliness, s.accuracy, s.condition, s.billing, s.proactiveness, s.communication, s.value_added), 0)) as data
  from survey_responses s join departments d on d.id = s.department_id
  where s.company_id = ${companyId} and ${before(c, 's.submitted_at', RANK.survey, 's.id')}
  order by s.submitted_at desc, s.id desc limit ${limit}`);

export const alertEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number) => rows(db, sql`
  select a.raised_at as at, ${RANK.alert} as rank, a.id,
    jsonb_build_object('rule', a.rule, 'severity', a.severity, 'params', a.params, 'period', a.period) as data
  from alerts a
  where a.company_id = ${companyId} and ${before(c, 'a.raised_at', RANK.alert, 'a.id')}
  order by a.raised_at desc, a.id desc limit ${limit}`);

export const taskEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number) => rows(db, sql`
  select * from (
    select t.created_at as at, ${RANK.taskCreated} as rank, t.id,
      jsonb_build_object('event', 'created', 'title', t.title, 'status', t.status, 'owner', u.name, 'dueAt', t.due_at) as data
    from tasks t join users u on u.id = t.owner_id
    where t.company_id = ${companyId} and ${before(c, 't.created_at', RANK.taskCreated, 't.id')}
    union all
    select t.completed_at, ${RANK.taskDone}, t.id,
      jsonb_build_object('event', 'done', 'title', t.title, 'status', t.status, 'owner', u.name, 'dueAt', t.due_at)
    from tasks t join users u on u.id = t.owner_id
    where t.company_id = ${companyId} and t.completed_at is not null and ${before(c, 't.completed_at', RANK.taskDone, 't.id')}
  ) x order by at desc, rank desc, id desc limit ${limit}`);

/** A contract's start and end as events, once they have happened (the start and end day at midnight UTC). */
export const contractEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number, now: Date) => rows(db, sql`
  select * from (
    select k.start_date::timestamptz as at, ${RANK.contractStart} as rank, k.id,
      jsonb_build_object('event', 'start', 'code', k.code, 'contractId', k.id, 'endDate', k.end_date::text, 'autoRenew', k.auto_renew) as data
    from contracts k where k.shipper_id = ${companyId} and k.start_date::timestamptz <= ${now}
      and ${before(c, 'k.start_date::timestamptz', RANK.contractStart, 'k.id')}
    union all
    select (k.end_date + 1)::timestamptz, ${RANK.contractEnd}, k.id,
      jsonb_build_object('event', 'end', 'code', k.code, 'contractId', k.id, 'endDate', k.end_date::text, 'autoRenew', k.auto_renew)
    from contracts k where k.shipper_id = ${companyId} and (k.end_date + 1)::timestamptz <= ${now}
      and ${before(c, '(k.end_date + 1)::timestamptz', RANK.contractEnd, 'k.id')}
  ) x order by at desc, rank desc, id desc limit ${limit}`);

/** Runs where the company's total churn risk moved by at least `minChange` from the run before. */
export const churnEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number, minChange: number) => rows(db, sql`
  select * from (
    select r.computed_at as at, ${RANK.churn} as rank, r.id,
      jsonb_build_object('before', lag(s.total_risk) over w, 'after', s.total_risk) as data,
      s.total_risk - lag(s.total_risk) over w as change
    from churn_scores s join churn_runs r on r.id = s.run_id
    where s.company_id = ${companyId}
    window w as (order by r.computed_at, r.id)
  ) x
  where abs(x.change) >= ${minChange} and ${before(c, 'x.at', RANK.churn, 'x.id')}
  order by at desc, id desc limit ${limit}`);

/** A shipper's disputes (api/disputes): when filed, and when every line was decided (with the accepted count). */
export const disputeEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number) => rows(db, sql`
  select * from (
    select d.filed_at as at, ${RANK.disputeFiled} as rank, d.id,
      jsonb_build_object('event', 'filed', 'disputeId', d.id, 'contractId', d.contract_id, 'code', k.code, 'month', d.month,
        'lines', (select count(*) from dispute_lines l where l.dispute_id = d.id)) as data
    from disputes d join contracts k on k.id = d.contract_id
    where d.shipper_id = ${companyId} and ${before(c, 'd.filed_at', RANK.disputeFiled, 'd.id')}
    union all
    select d.decided_at, ${RANK.disputeDecided}, d.id,
      jsonb_build_object('event', 'decided', 'disputeId', d.id, 'contractId', d.contract_id, 'code', k.code, 'month', d.month,
        'lines', (select count(*) from dispute_lines l where l.dispute_id = d.id),
        'accepted', (select count(*) from dispute_lines l where l.dispute_id = d.id and l.status = 'accepted'))
    from disputes d join contracts k on k.id = d.contract_id
    where d.shipper_id = ${companyId} and d.decided_at is not null and ${before(c, 'd.decided_at', RANK.disputeDecided, 'd.id')}
  ) x order by at desc, rank desc, id desc limit ${limit}`);
/** Claims filed by or about the company (as shipper): filed, with their kind, amount and where they stand now. */
export const claimEvents = (db: Executor, companyId: number, c: Cursor | null, limit: number) => rows(db, sql`
  select cl.filed_at as at, ${RANK.claim} as rank, cl.id,
    jsonb_build_object('claimId', cl.id, 'claimKind', cl.kind, 'status', cl.status, 'amountClaimed', cl.amount_claimed,
      'currency', cl.currency, 'filedBy', f.name) as data
  from claims cl join companies f on f.id = cl.filed_company_id
  where (cl.shipper_id = ${companyId} or cl.filed_company_id = ${companyId}) and ${before(c, 'cl.filed_at', RANK.claim, 'cl.id')}
  order by cl.filed_at desc, cl.id desc limit ${limit}`);
