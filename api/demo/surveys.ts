import type { Insertable } from 'kysely';
import type { DB } from '../../db/database';
import type { SurveyResponsesTable } from '../../db/tables/analytics';
import { createRandom, type Random } from './random';

const DAY_MS = 86_400_000;
const RESPONDENTS = ['Li Na 李娜', 'Zhang Wei 张伟', 'Liu Yang 刘洋', 'Chen Jing 陈静', 'Huang Lei 黄磊', 'Zhou Min 周敏', 'Wu Fang 吴芳'];

export interface SurveySeedResult {
  responses: number;
  /** the company whose basics stay high while its loyalty items fall */
  trapCompanyId: number | null;
  /** the department whose score collapses in the last three months */
  collapsingDepartmentId: number | null;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/**
 * Survey responses over the past 12 months for every demo department (read from the database): about one
 * answer per department and month, on the shipper side and the consignee side (consignee answers tied to one
 * of their pairs). The first shipper with departments falls into the satisfaction trap (basics 4–5, loyalty
 * items sliding from 4–5 to 2); the first department of the second such shipper collapses in the last three months.
 * A company that left (terminated_at) answers less happily in its last four months and not after it left.
 */
export async function seedSurveys(db: DB, now: Date = new Date(), seed = 6): Promise<SurveySeedResult> {
  const random = createRandom(seed);
  const companies = await db.selectFrom('companies').select(['id', 'is_shipper', 'is_consignee', 'terminated_at'])
    .where('archived_at', 'is', null).orderBy('id').execute();
  const departments = await db.selectFrom('departments').select(['id', 'company_id']).orderBy('id').execute();
  const pairs = await db.selectFrom('customer_pairs').select(['id', 'shipper_id', 'consignee_id']).where('archived_at', 'is', null).orderBy('id').execute();

  const withDepartments = companies.filter((c) => departments.some((d) => d.company_id === c.id));
  const shippers = withDepartments.filter((c) => c.is_shipper);
  const trapCompanyId = shippers[0]?.id ?? null;
  const collapsingDepartmentId = shippers[1] ? departments.find((d) => d.company_id === shippers[1].id)!.id : null;

  const rows: Insertable<SurveyResponsesTable>[] = [];
  for (const company of withDepartments) {
    const baseline = 3.3 + random.next() * 1.3;
    const ownPairs = pairs.filter((p) => p.shipper_id === company.id || p.consignee_id === company.id);
    for (const department of departments.filter((d) => d.company_id === company.id)) {
      for (let monthsAgo = 11; monthsAgo >= 0; monthsAgo -= 1) {
        if (!random.chance(0.75)) continue;
        const submittedAt = new Date(now.getTime() - (monthsAgo * 30 + random.int(1, 28)) * DAY_MS);
        // a company that left answers nothing after it left, and less and less happily in the four months before
        if (company.terminated_at && submittedAt >= company.terminated_at) continue;
        const leaving = company.terminated_at && company.terminated_at.getTime() - submittedAt.getTime() < 120 * DAY_MS;
        const side = company.is_shipper && (!company.is_consignee || random.chance(0.5)) ? 'shipper' : 'consignee';
        const pair = pickPair(random, ownPairs, company.id, side);
        const mood = company.id === trapCompanyId ? trapMood(monthsAgo)
          : department.id === collapsingDepartmentId && monthsAgo <= 2 ? { basic: 1.6, loyalty: 1.5, recommend: 2 }
          : leaving ? { basic: baseline - 1.2, loyalty: baseline - 1.8, recommend: baseline * 2 - 4 }
          : { basic: baseline, loyalty: baseline - 0.3, recommend: baseline * 2 };
        rows.push({
          company_id: company.id,
          department_id: department.id,
          pair_id: pair,
          side,
          channel: random.chance(0.8) ? 'portal' : 'phone',
          respondent_name: random.pick(RESPONDENTS),
          submitted_at: submittedAt,
          timeliness: clamp(random.normal(mood.basic, 0.5), 1, 5),
          accuracy: clamp(random.normal(mood.basic, 0.5), 1, 5),
          condition: clamp(random.normal(mood.basic, 0.5), 1, 5),
          billing: clamp(random.normal(mood.basic - 0.2, 0.6), 1, 5),
          proactiveness: clamp(random.normal(mood.loyalty, 0.5), 1, 5),
          communication: clamp(random.normal(mood.loyalty, 0.5), 1, 5),
          value_added: clamp(random.normal(mood.loyalty, 0.5), 1, 5),
          recommend: clamp(random.normal(mood.recommend, 1), 0, 10),
          comment: null,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('survey_responses').values(rows.slice(i, i + 500)).execute();
  return { responses: rows.length, trapCompanyId, collapsingDepartmentId };
}

/** Basics stay at 4–5 all year; the loyalty items and the wish to recommend slide in the last six months. */
function trapMood(monthsAgo: number) {
  const slide = Math.max(0, 6 - monthsAgo) / 6;
  return { basic: 4.7, loyalty: 4.6 - 2.4 * slide, recommend: 9.2 - 3.5 * slide };
}

function pickPair(random: Random, pairs: { id: number; shipper_id: number; consignee_id: number }[], companyId: number, side: 'shipper' | 'consignee') {
  const mine = pairs.filter((p) => (side === 'shipper' ? p.shipper_id : p.consignee_id) === companyId);
  if (mine.length === 0) return null;
  return side === 'consignee' || random.chance(0.5) ? random.pick(mine).id : null;
}
