import { effectiveWeights, weakestDepartment, weightedScore } from '../../domain/department-weights';
import { latestAndPrevious, type DatedAnswers } from '../../domain/survey-periods';
import { getSetting } from '../../services/settings';
import { DEFAULT_SATISFACTION_PERIODS, type SatisfactionPeriods } from '../../services/satisfaction-service';
import { satisfactionInputs } from '../rule-queries';
import type { AlertCandidate, AlertRule } from '../rule';

const DAY_MS = 86_400_000;

export interface CompanySatisfactionInput {
  companyId: number;
  companyName: string;
  departments: { id: number; name: string; weight: number | null }[];
  answers: (DatedAnswers & { departmentId: number })[];
}

/**
 * The company's weighted satisfaction as its page shows it (each department's latest period against the one
 * before, weighted by the departments' weights), and the alert when it fell by at least `drop` points.
 */
export function satisfactionFalling(input: CompanySatisfactionInput, now: Date, periodDays: number, drop: number, month: string): AlertCandidate | null {
  const weights = effectiveWeights(input.departments.map((d) => ({ id: d.id, weight: d.weight })));
  const perDepartment = input.departments.map((d) => ({
    department: d, score: latestAndPrevious(input.answers.filter((a) => a.departmentId === d.id), now, periodDays),
  }));
  const latest = weightedScore(perDepartment.map((d) => ({ departmentId: d.department.id, score: d.score.latest })), weights);
  const previous = weightedScore(perDepartment.map((d) => ({ departmentId: d.department.id, score: d.score.previous })), weights);
  if (latest === null || previous === null || previous - latest < drop - 1e-9) return null;
  const weakestId = weakestDepartment(perDepartment.map((d) => ({ departmentId: d.department.id, score: d.score.latest })), weights);
  const weakest = perDepartment.find((d) => d.department.id === weakestId);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    rule: 'satisfaction_falling',
    causeKey: `satisfaction_falling:company=${input.companyId}:${month}`,
    companyId: input.companyId,
    severity: previous - latest >= 2 * drop ? 'critical' : 'warning',
    period: month,
    params: { company: input.companyName, latest: round(latest), previous: round(previous), weakest: weakest?.department.name ?? null },
    evidence: {
      links: [{ type: 'survey', id: input.companyId, companyId: input.companyId, label: input.companyName }],
      facts: [
        { key: 'weightedScore', value: round(latest), unit: 'score' },
        { key: 'weightedScorePrevious', value: round(previous), unit: 'score' },
        { key: 'scoreChange', value: round(latest - previous), unit: 'points' },
        ...(weakest ? [
          { key: 'weakestDepartment', value: weakest.department.name, unit: 'text' as const },
          { key: 'weakestScore', value: weakest.score.latest === null ? null : round(weakest.score.latest), unit: 'score' as const },
        ] : []),
      ],
    },
  };
}

export const satisfactionFallingRule: AlertRule = {
  id: 'satisfaction_falling',
  triggers: ['survey', 'nightly', 'manual'],
  async evaluate(ctx) {
    const periods = await getSetting<SatisfactionPeriods>(ctx.db, 'satisfaction.periods', DEFAULT_SATISFACTION_PERIODS);
    const since = new Date(ctx.now.getTime() - periods.windowDays * DAY_MS);
    const { departments, answers } = await satisfactionInputs(ctx.db, since, ctx.companyIds);
    const byCompany = new Map<number, CompanySatisfactionInput>();
    for (const d of departments) {
      const id = Number(d.company_id);
      const entry = byCompany.get(id) ?? { companyId: id, companyName: d.company_name, departments: [], answers: [] };
      entry.departments.push({ id: Number(d.id), name: d.name, weight: d.weight === null ? null : Number(d.weight) });
      byCompany.set(id, entry);
    }
    for (const a of answers) {
      byCompany.get(Number(a.company_id))?.answers.push({
        departmentId: Number(a.department_id), submittedAt: a.submitted_at, timeliness: a.timeliness, accuracy: a.accuracy,
        condition: a.condition, billing: a.billing, proactiveness: a.proactiveness, communication: a.communication,
        value_added: a.value_added, recommend: a.recommend,
      });
    }
    const month = ctx.today.slice(0, 7);
    return [...byCompany.values()].flatMap((c) => satisfactionFalling(c, ctx.now, periods.periodDays, ctx.thresholds.satisfactionDrop, month) ?? []);
  },
};
