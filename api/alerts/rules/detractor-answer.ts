import { isDetractor } from '../../domain/survey-scores';
import { recentRecommendAnswers } from '../rule-queries';
import type { AlertCandidate, AlertRule } from '../rule';

type Answer = Awaited<ReturnType<typeof recentRecommendAnswers>>[number];

const DAY_MS = 86_400_000;

/** A detractor (0–6 on "would you recommend us", as NPS counts them): one alert per answer. */
export function detractorAnswer(a: Answer): AlertCandidate | null {
  if (a.recommend === null || !isDetractor(a.recommend)) return null;
  const companyId = Number(a.company_id);
  return {
    rule: 'detractor_answer',
    causeKey: `detractor_answer:survey=${a.id}`,
    companyId,
    pairId: a.pair_id === null ? null : Number(a.pair_id),
    severity: a.recommend <= 3 ? 'critical' : 'warning',
    period: null,
    params: { company: a.company_name, department: a.department_name, recommend: a.recommend },
    evidence: {
      links: [{ type: 'survey', id: Number(a.id), companyId, label: `${a.company_name} · ${a.department_name}` }],
      facts: [
        { key: 'recommend', value: a.recommend, unit: 'score' },
        { key: 'department', value: a.department_name, unit: 'text' },
        { key: 'submittedAt', value: a.submitted_at.toISOString(), unit: 'date' },
        ...(a.comment ? [{ key: 'comment', value: a.comment, unit: 'text' as const }] : []),
      ],
    },
  };
}

export const detractorAnswerRule: AlertRule = {
  id: 'detractor_answer',
  triggers: ['survey', 'nightly', 'manual'],
  async evaluate(ctx) {
    const since = new Date(ctx.now.getTime() - ctx.thresholds.detractorDays * DAY_MS);
    const answers = await recentRecommendAnswers(ctx.db, since, ctx.companyIds);
    return answers.flatMap((a) => detractorAnswer(a) ?? []);
  },
};
