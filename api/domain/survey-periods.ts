import { meanScore, trend, type SurveyAnswers } from './survey-scores';
import type { SurveyItem } from '../../db/tables/analytics';

export interface DatedAnswers extends SurveyAnswers {
  submittedAt: Date;
}

const DAY_MS = 86_400_000;

/** 0 for the period of `periodDays` ending at asOf, 1 for the one before, and so on (future answers count as 0). */
export function periodIndex(at: Date, asOf: Date, periodDays: number): number {
  return Math.max(0, Math.floor((asOf.getTime() - at.getTime()) / (periodDays * DAY_MS)));
}

export interface PeriodScore {
  /** the most recent period with answers: 0 = the current one, 1 = the one before, … ; null without answers */
  periodsAgo: number | null;
  latest: number | null;
  /** the score of the period just before the latest one */
  previous: number | null;
  trend: number | null;
  latestResponses: number;
}

/**
 * The latest score of a set of responses (mean of the given items over the most recent period that has
 * answers) against the period just before it.
 */
export function latestAndPrevious(
  responses: readonly DatedAnswers[], asOf: Date, periodDays: number, items?: readonly SurveyItem[],
): PeriodScore {
  const withAnswers = responses.filter((r) => meanScore([r], items) !== null);
  if (withAnswers.length === 0) return { periodsAgo: null, latest: null, previous: null, trend: null, latestResponses: 0 };
  const indexed = withAnswers.map((r) => ({ r, i: periodIndex(r.submittedAt, asOf, periodDays) }));
  const latestIndex = Math.min(...indexed.map((x) => x.i));
  const latestSet = indexed.filter((x) => x.i === latestIndex).map((x) => x.r);
  const previousSet = indexed.filter((x) => x.i === latestIndex + 1).map((x) => x.r);
  const latest = meanScore(latestSet, items);
  const previous = meanScore(previousSet, items);
  return { periodsAgo: latestIndex, latest, previous, trend: trend(latest, previous), latestResponses: latestSet.length };
}
