import type { SurveyItem } from '../../db/tables/analytics';

export const BASIC_ITEMS = ['timeliness', 'accuracy', 'condition', 'billing'] as const satisfies readonly SurveyItem[];
export const LOYALTY_ITEMS = ['proactiveness', 'communication', 'value_added'] as const satisfies readonly SurveyItem[];
export const SURVEY_ITEMS: readonly SurveyItem[] = [...BASIC_ITEMS, ...LOYALTY_ITEMS];

export type SurveyAnswers = Partial<Record<SurveyItem | 'recommend', number | null>>;

const answered = (values: readonly (number | null | undefined)[]) =>
  values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** A detractor answers 0–6 to "how likely are you to recommend us" (NPS). */
export const isDetractor = (recommend: number) => recommend <= 6;

/** Net promoter score in points (−100..100): % promoters (9–10) − % detractors (0–6); null without answers. */
export function nps(recommend: readonly (number | null | undefined)[]): number | null {
  const scores = answered(recommend);
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter(isDetractor).length;
  return ((promoters - detractors) / scores.length) * 100;
}

/** CSAT in percent (0..100): the share of 4 and 5 answers among all answers on 1–5 items (not the mean). */
export function csat(itemScores: readonly (number | null | undefined)[]): number | null {
  const scores = answered(itemScores);
  if (scores.length === 0) return null;
  return (scores.filter((s) => s >= 4).length / scores.length) * 100;
}

/** Every answered value of the given items across the responses, answer by answer. */
export function itemAnswers(responses: readonly SurveyAnswers[], items: readonly SurveyItem[] = SURVEY_ITEMS): number[] {
  return answered(responses.flatMap((r) => items.map((item) => r[item])));
}

/** Mean of every answered 1–5 value of the given items (each answer counts once); null without answers. */
export function meanScore(responses: readonly SurveyAnswers[], items: readonly SurveyItem[] = SURVEY_ITEMS): number | null {
  const values = itemAnswers(responses, items);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Change from the previous value to the latest; null when either is missing. */
export function trend(latest: number | null, previous: number | null): number | null {
  return latest === null || previous === null ? null : latest - previous;
}

/** Fractional change of a volume (−1..∞); null when there was nothing before. */
export function volumeChange(recent: number, previous: number): number | null {
  return previous > 0 ? (recent - previous) / previous : null;
}
