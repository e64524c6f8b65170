import type { DB, Executor } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertOwnAccount, assertRole } from '../auth/scope';
import type { Insertable } from 'kysely';
import type { SurveyResponsesTable } from '../../db/tables/analytics';
import { badRequest, conflict, notFound } from '../errors';
import { getSetting } from './settings';
import { DEFAULT_SATISFACTION_PERIODS } from './satisfaction-service';
import { isoRequired } from '../format';
import { pageMeta } from '../openapi';
import {
  findCompanyRoles, findDepartmentCompany, findPairSides, insertSurveyResponse, latestPortalAnswer, listSurveyResponses, lockAnswersOf, sameAnswer,
  type SurveyFilter, type SurveyRow,
} from '../queries/surveys';
import { recordAudit } from './audit';
import { SURVEY_ITEMS } from '../domain/survey-scores';

export const toSurveyResponse = (r: SurveyRow) => ({
  id: Number(r.id),
  companyId: Number(r.company_id),
  departmentId: Number(r.department_id),
  departmentName: r.department_name,
  pairId: r.pair_id === null ? null : Number(r.pair_id),
  side: r.side,
  channel: r.channel,
  respondentUserId: r.respondent_user_id === null ? null : Number(r.respondent_user_id),
  respondentName: r.respondent_name,
  submittedAt: isoRequired(r.submitted_at),
  timeliness: r.timeliness,
  accuracy: r.accuracy,
  condition: r.condition,
  billing: r.billing,
  proactiveness: r.proactiveness,
  communication: r.communication,
  valueAdded: r.value_added,
  recommend: r.recommend,
  comment: r.comment,
});

type Score = number | null | undefined;

export interface CreateSurveyInput {
  companyId?: number;
  departmentId: number;
  pairId?: number | null;
  side?: 'shipper' | 'consignee';
  channel?: 'portal' | 'phone' | 'email' | 'visit';
  respondentName?: string | null;
  submittedAt?: string;
  timeliness?: Score; accuracy?: Score; condition?: Score; billing?: Score;
  proactiveness?: Score; communication?: Score; valueAdded?: Score; recommend?: Score;
  comment?: string | null;
}

/**
 * Records one survey response. Client users answer for a department of their own company on the portal;
 * managers and admins record surveys taken by phone, e-mail or on a visit for companies they see.
 */
export async function submitSurvey(db: DB, actor: Actor, input: CreateSurveyInput) {
  assertRole(actor, 'client', 'manager', 'admin');
  const isClient = actor.role === 'client';
  const companyId = input.companyId ?? (isClient ? actor.companyId! : undefined);
  if (companyId === undefined) throw badRequest('Name the answering company.', [{ path: 'companyId', message: 'Required.' }]);
  if (isClient && input.channel && input.channel !== 'portal') {
    throw badRequest('Client users answer on the portal.', [{ path: 'channel', message: 'Only portal for client users.' }]);
  }
  if (isClient && input.submittedAt) {
    throw badRequest('Client answers are dated when submitted.', [{ path: 'submittedAt', message: 'Staff only.' }]);
  }
  const submittedAt = input.submittedAt ? new Date(input.submittedAt) : new Date();
  if (submittedAt.getTime() > Date.now() + 60_000) {
    throw badRequest('A survey cannot be answered in the future.', [{ path: 'submittedAt', message: 'In the future.' }]);
  }
  const answers = {
    timeliness: input.timeliness ?? null, accuracy: input.accuracy ?? null, condition: input.condition ?? null,
    billing: input.billing ?? null, proactiveness: input.proactiveness ?? null, communication: input.communication ?? null,
    value_added: input.valueAdded ?? null, recommend: input.recommend ?? null,
  };
  if ([...SURVEY_ITEMS, 'recommend' as const].every((k) => answers[k] === null)) {
    throw badRequest('Answer at least one item.', [{ path: '(root)', message: 'No item answered.' }]);
  }

  return db.transaction().execute(async (trx) => {
    // a manager answers for their own accounts only, never for another manager's counterpart
    await assertOwnAccount(trx, actor, companyId);
    const company = (await findCompanyRoles(trx, companyId))!;
    if (company.archived_at) throw badRequest('The company is archived.', [{ path: 'companyId', message: 'Archived.' }]);

    const department = await findDepartmentCompany(trx, input.departmentId);
    if (!department) throw notFound('Department');
    if (Number(department.company_id) !== companyId) {
      await assertCompanyVisible(trx, actor, Number(department.company_id), 'Department');
      throw badRequest('The department belongs to another company.', [{ path: 'departmentId', message: 'Not a department of this company.' }]);
    }

    const side = await resolveSide(trx, actor, companyId, company, input);
    const values = {
      company_id: companyId,
      department_id: input.departmentId,
      pair_id: input.pairId ?? null,
      side,
      channel: isClient ? 'portal' : input.channel ?? 'phone',
      respondent_user_id: actor.userId,
      respondent_name: input.respondentName ?? (isClient ? actor.name : null),
      submitted_at: submittedAt,
      ...answers,
      comment: input.comment ?? null,
    };
    await assertNotRepeated(trx, actor, values);
    const response = toSurveyResponse(await insertSurveyResponse(trx, values));
    await recordAudit(trx, actor, 'create', 'survey_response', response.id, { after: response });
    return response;
  });
}

/** A staff member recording the very same answer again this close to the first is a double submit. */
const SAME_ANSWER_MS = 10 * 60_000;

/**
 * The rule against repeated answers: a client user answers once per department (and pair, or side) per
 * survey period (setting 'satisfaction.periods'.periodDays, 90 days by default) — their answer is the
 * department's voice for the period, and a flood of answers cannot outweigh the others. Staff record surveys
 * of many respondents, so for them only an identical answer within 10 minutes is refused (a double submit).
 */
async function assertNotRepeated(trx: Executor, actor: Actor, values: Insertable<SurveyResponsesTable>) {
  if (actor.role === 'client') {
    await lockAnswersOf(trx, actor.userId, values.department_id);
    const { periodDays } = await getSetting(trx, 'satisfaction.periods', DEFAULT_SATISFACTION_PERIODS);
    const since = new Date(Date.now() - periodDays * DAY_MS);
    const earlier = await latestPortalAnswer(trx, { userId: actor.userId, departmentId: values.department_id, pairId: values.pair_id ?? null, side: values.side, since });
    if (earlier) {
      const nextFrom = new Date(earlier.submitted_at.getTime() + periodDays * DAY_MS);
      throw conflict(`You have answered for this department on ${isoDay(earlier.submitted_at)}; you can answer again from ${isoDay(nextFrom)}.`, [{
        path: 'departmentId', code: 'already_answered', message: `Answered on ${isoDay(earlier.submitted_at)}; the next survey opens on ${isoDay(nextFrom)}.`,
        params: { answeredAt: isoRequired(earlier.submitted_at), nextFrom: isoRequired(nextFrom), periodDays },
      }]);
    }
  } else if (await sameAnswer(trx, values, SAME_ANSWER_MS)) {
    throw conflict('This very answer was recorded a moment ago.', [{
      path: '(root)', code: 'duplicate_answer', message: 'The same answer for the same respondent was recorded within the last 10 minutes.',
    }]);
  }
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function resolveSide(
  db: Executor, actor: Actor, companyId: number,
  company: { is_shipper: boolean; is_consignee: boolean }, input: CreateSurveyInput,
): Promise<'shipper' | 'consignee'> {
  if (input.pairId) {
    const pair = await findPairSides(db, input.pairId);
    if (!pair) throw notFound('Pair');
    const place = Number(pair.shipper_id) === companyId ? 'shipper' : Number(pair.consignee_id) === companyId ? 'consignee' : null;
    if (!place) {
      if (!(await eitherVisible(db, actor, Number(pair.shipper_id), Number(pair.consignee_id)))) throw notFound('Pair');
      throw badRequest('The company is not part of this pair.', [{ path: 'pairId', message: 'Not a pair of this company.' }]);
    }
    if (input.side && input.side !== place) {
      throw badRequest(`In this pair the company is the ${place}.`, [{ path: 'side', message: `Must be ${place} for this pair.` }]);
    }
    return place;
  }
  if (input.side) {
    const fits = input.side === 'shipper' ? company.is_shipper : company.is_consignee;
    if (!fits) throw badRequest(`The company is not a ${input.side}.`, [{ path: 'side', message: `The company is not a ${input.side}.` }]);
    return input.side;
  }
  if (company.is_shipper !== company.is_consignee) return company.is_shipper ? 'shipper' : 'consignee';
  throw badRequest('Say which side answers.', [{ path: 'side', message: 'Required: the company is both shipper and consignee (or neither).' }]);
}

async function eitherVisible(db: Executor, actor: Actor, ...companyIds: number[]): Promise<boolean> {
  for (const id of companyIds) {
    try {
      await assertCompanyVisible(db, actor, id);
      return true;
    } catch {
      continue;
    }
  }
  return false;
}

export async function listSurveys(
  db: DB, actor: Actor,
  q: Omit<SurveyFilter, 'limit' | 'offset' | 'from' | 'to'> & { from?: string; to?: string; page: number; pageSize: number },
) {
  assertRole(actor, 'client', 'manager', 'admin');
  if (q.companyId !== undefined) await assertCompanyVisible(db, actor, q.companyId);
  const { items, total } = await listSurveyResponses(db, actor, {
    companyId: q.companyId, departmentId: q.departmentId, pairId: q.pairId, side: q.side,
    from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map(toSurveyResponse), ...pageMeta(q.page, q.pageSize, total) };
}
