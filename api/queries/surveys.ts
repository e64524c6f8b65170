import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database';
import type { SurveyResponsesTable } from '../../db/tables/analytics';
import type { Actor } from '../context';
import { companyVisible } from '../auth/scope';

export const surveyColumns = [
  'survey_responses.id', 'survey_responses.company_id', 'survey_responses.department_id', 'survey_responses.pair_id',
  'survey_responses.side', 'survey_responses.channel', 'survey_responses.respondent_user_id', 'survey_responses.respondent_name',
  'survey_responses.submitted_at', 'survey_responses.timeliness', 'survey_responses.accuracy', 'survey_responses.condition',
  'survey_responses.billing', 'survey_responses.proactiveness', 'survey_responses.communication', 'survey_responses.value_added',
  'survey_responses.recommend', 'survey_responses.comment',
] as const;

export type SurveyRow = NonNullable<Awaited<ReturnType<typeof findSurveyResponse>>>;

const withDepartment = (db: Executor) =>
  db.selectFrom('survey_responses')
    .innerJoin('departments', 'departments.id', 'survey_responses.department_id')
    .select([...surveyColumns, 'departments.name as department_name']);

export const findSurveyResponse = (db: Executor, id: number) =>
  withDepartment(db).where('survey_responses.id', '=', id).executeTakeFirst();

export const insertSurveyResponse = async (db: Executor, values: Insertable<SurveyResponsesTable>) => {
  const { id } = await db.insertInto('survey_responses').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findSurveyResponse(db, Number(id)))!;
};

export const findDepartmentCompany = (db: Executor, departmentId: number) =>
  db.selectFrom('departments').select(['id', 'company_id']).where('id', '=', departmentId).executeTakeFirst();

export const findPairSides = (db: Executor, pairId: number) =>
  db.selectFrom('customer_pairs').select(['id', 'shipper_id', 'consignee_id']).where('id', '=', pairId).executeTakeFirst();

export const findCompanyRoles = (db: Executor, companyId: number) =>
  db.selectFrom('companies').select(['id', 'is_shipper', 'is_consignee', 'archived_at']).where('id', '=', companyId).executeTakeFirst();

export interface SurveyFilter {
  companyId?: number;
  departmentId?: number;
  pairId?: number;
  side?: 'shipper' | 'consignee';
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** Responses of the companies the actor may see, newest first, with the total before paging. */
export async function listSurveyResponses(db: Executor, actor: Actor, f: SurveyFilter) {
  const base = db.selectFrom('survey_responses')
    .where(companyVisible(db, actor, 'survey_responses.company_id'))
    .$if(f.companyId !== undefined, (q) => q.where('survey_responses.company_id', '=', f.companyId!))
    .$if(f.departmentId !== undefined, (q) => q.where('survey_responses.department_id', '=', f.departmentId!))
    .$if(f.pairId !== undefined, (q) => q.where('survey_responses.pair_id', '=', f.pairId!))
    .$if(f.side !== undefined, (q) => q.where('survey_responses.side', '=', f.side!))
    .$if(f.from !== undefined, (q) => q.where('survey_responses.submitted_at', '>=', f.from!))
    .$if(f.to !== undefined, (q) => q.where('survey_responses.submitted_at', '<', f.to!));
  const [items, total] = await Promise.all([
    base.innerJoin('departments', 'departments.id', 'survey_responses.department_id')
      .select([...surveyColumns, 'departments.name as department_name'])
      .orderBy('survey_responses.submitted_at', 'desc').orderBy('survey_responses.id', 'desc')
      .limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** A company's responses since a moment, oldest first. */
export const companySurveyResponses = (db: Executor, companyId: number, since: Date) =>
  withDepartment(db)
    .where('survey_responses.company_id', '=', companyId)
    .where('survey_responses.submitted_at', '>=', since)
    .orderBy('survey_responses.submitted_at').orderBy('survey_responses.id')
    .execute();

export const companyDepartments = (db: Executor, companyId: number) =>
  db.selectFrom('departments').select(['id', 'kind', 'name', 'weight']).where('company_id', '=', companyId).orderBy('id').execute();

/** Responses about the pairs a company is part of (either side answering), since a moment. */
export const pairSurveyResponses = (db: Executor, companyId: number, since: Date) =>
  db.selectFrom('survey_responses')
    .innerJoin('customer_pairs', 'customer_pairs.id', 'survey_responses.pair_id')
    .innerJoin('companies as shipper', 'shipper.id', 'customer_pairs.shipper_id')
    .innerJoin('companies as consignee', 'consignee.id', 'customer_pairs.consignee_id')
    .select([
      ...surveyColumns, 'customer_pairs.shipper_id', 'customer_pairs.consignee_id',
      'shipper.name as shipper_name', 'consignee.name as consignee_name',
    ])
    .where((eb) => eb.or([eb('customer_pairs.shipper_id', '=', companyId), eb('customer_pairs.consignee_id', '=', companyId)]))
    .where('survey_responses.submitted_at', '>=', since)
    .orderBy('survey_responses.pair_id')
    .execute();

/** Every recommend answer since a moment of the companies the actor may see (for NPS). */
export const visibleRecommendAnswers = (db: Executor, actor: Actor, since: Date) =>
  db.selectFrom('survey_responses')
    .innerJoin('companies', 'companies.id', 'survey_responses.company_id')
    .select(['survey_responses.company_id', 'companies.code', 'companies.name', 'survey_responses.recommend', 'survey_responses.side'])
    .where(companyVisible(db, actor, 'survey_responses.company_id'))
    .where('survey_responses.submitted_at', '>=', since)
    .where('survey_responses.recommend', 'is not', null)
    .orderBy('survey_responses.company_id')
    .execute();

/** Serialises the answers of one user about one department, so the check for an earlier answer holds under concurrency. */
export const lockAnswersOf = (db: Executor, userId: number, departmentId: number) =>
  sql`select pg_advisory_xact_lock(hashtext(${`survey:${userId}:${departmentId}`}))`.execute(db);

/** The latest portal answer of a user about a department (and pair or side) since a time. */
export const latestPortalAnswer = (db: Executor, q: { userId: number; departmentId: number; pairId: number | null; side: 'shipper' | 'consignee'; since: Date }) =>
  db.selectFrom('survey_responses').select(['id', 'submitted_at'])
    .where('respondent_user_id', '=', q.userId).where('channel', '=', 'portal')
    .where('department_id', '=', q.departmentId).where('side', '=', q.side)
    .where((eb) => (q.pairId === null ? eb('pair_id', 'is', null) : eb('pair_id', '=', q.pairId)))
    .where('submitted_at', '>', q.since)
    .orderBy('submitted_at', 'desc').limit(1).executeTakeFirst();

/** A stored answer equal to this one in every field, recorded by the same user within `withinMs` of its time. */
export const sameAnswer = (db: Executor, values: Insertable<SurveyResponsesTable>, withinMs: number) => {
  const at = new Date(values.submitted_at as Date);
  let q = db.selectFrom('survey_responses').select('id')
    .where('submitted_at', '>', new Date(at.getTime() - withinMs)).where('submitted_at', '<', new Date(at.getTime() + withinMs));
  for (const column of ['company_id', 'department_id', 'pair_id', 'side', 'channel', 'respondent_user_id', 'respondent_name',
    'timeliness', 'accuracy', 'condition', 'billing', 'proactiveness', 'communication', 'value_added', 'recommend', 'comment'] as const) {
    const value = values[column] ?? null;
    q = value === null ? q.where(column, 'is', null) : q.where(column, '=', value as never);
  }
  return q.limit(1).executeTakeFirst();
};
