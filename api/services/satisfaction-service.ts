import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertCompanyVisible, assertRole } from '../auth/scope';
import { csat, itemAnswers, meanScore, nps, trend, volumeChange, BASIC_ITEMS, LOYALTY_ITEMS, type SurveyAnswers } from '../domain/survey-scores';
import { latestAndPrevious, type DatedAnswers } from '../domain/survey-periods';
import { effectiveWeights, weakestDepartment, weightedScore } from '../domain/department-weights';
import { DEFAULT_TRAP_THRESHOLDS, satisfactionTrap, type TrapThresholds } from '../domain/satisfaction-trap';
import { dayIn, valueWindows } from '../domain/value-window';
import { companyVolumes } from '../queries/customer-value';
import { companyDepartments, companySurveyResponses, pairSurveyResponses, visibleRecommendAnswers } from '../queries/surveys';
import { getSetting } from './settings';

/**
 * Setting 'satisfaction.periods': scores are compared period against period (periodDays, default 90 days
 * ending today); only answers of the last windowDays (default 365) count, and NPS / CSAT are over that window.
 */
export interface SatisfactionPeriods {
  periodDays: number;
  windowDays: number;
}

export const DEFAULT_SATISFACTION_PERIODS: SatisfactionPeriods = { periodDays: 90, windowDays: 365 };

const DAY_MS = 86_400_000;

interface AnswerRow {
  submitted_at: Date;
  timeliness: number | null; accuracy: number | null; condition: number | null; billing: number | null;
  proactiveness: number | null; communication: number | null; value_added: number | null; recommend: number | null;
}

const toAnswers = (r: AnswerRow): DatedAnswers => ({
  submittedAt: r.submitted_at, timeliness: r.timeliness, accuracy: r.accuracy, condition: r.condition, billing: r.billing,
  proactiveness: r.proactiveness, communication: r.communication, value_added: r.value_added, recommend: r.recommend,
});

const sideSummary = (answers: SurveyAnswers[]) => answers.length === 0 ? null : ({
  responses: answers.length,
  score: meanScore(answers),
  nps: nps(answers.map((a) => a.recommend)),
});

/** Per department the latest score and its trend, the weighted company score, the weakest department, NPS, CSAT, trap, pairs. */
export async function companySatisfaction(db: DB, actor: Actor, companyId: number, options: { now?: Date; timeZone: string }) {
  assertRole(actor, 'client', 'manager', 'admin');
  await assertCompanyVisible(db, actor, companyId);
  const now = options.now ?? new Date();
  const periods = await getSetting(db, 'satisfaction.periods', DEFAULT_SATISFACTION_PERIODS);
  const trapThresholds = await getSetting<TrapThresholds>(db, 'satisfaction.trap', DEFAULT_TRAP_THRESHOLDS);
  const since = new Date(now.getTime() - periods.windowDays * DAY_MS);

  const [departments, rows, pairRows, volumes] = await Promise.all([
    companyDepartments(db, companyId),
    companySurveyResponses(db, companyId, since),
    pairSurveyResponses(db, companyId, since),
    companyVolumes(db, valueWindows(dayIn(now, options.timeZone)), [companyId]),
  ]);
  const answers = rows.map(toAnswers);
  const weights = effectiveWeights(departments.map((d) => ({ id: Number(d.id), weight: d.weight })));

  const perDepartment = departments.map((d) => {
    const own = rows.filter((r) => Number(r.department_id) === Number(d.id)).map(toAnswers);
    const s = latestAndPrevious(own, now, periods.periodDays);
    return {
      departmentId: Number(d.id), name: d.name, kind: d.kind, weight: d.weight, effectiveWeight: weights.get(Number(d.id)) ?? 0,
      latestScore: s.latest, previousScore: s.previous, trend: s.trend, periodsAgo: s.periodsAgo, latestResponses: s.latestResponses,
      csat: csat(itemAnswers(own)),
    };
  });
  const weighted = weightedScore(perDepartment.map((d) => ({ departmentId: d.departmentId, score: d.latestScore })), weights);
  const weightedPrevious = weightedScore(perDepartment.map((d) => ({ departmentId: d.departmentId, score: d.previousScore })), weights);
  const weakestId = weakestDepartment(perDepartment.map((d) => ({ departmentId: d.departmentId, score: d.latestScore })), weights);
  const weakest = perDepartment.find((d) => d.departmentId === weakestId);

  const basic = latestAndPrevious(answers, now, periods.periodDays, BASIC_ITEMS);
  const loyalty = latestAndPrevious(answers, now, periods.periodDays, LOYALTY_ITEMS);
  const volume = volumes.get(companyId);
  const change = volume ? volumeChange(volume.recent90, volume.previous90) : null;
  const trap = satisfactionTrap({ basicLatest: basic.latest, loyaltyTrend: loyalty.trend, volumeChange: change }, trapThresholds);

  return {
    companyId,
    periodDays: periods.periodDays,
    windowDays: periods.windowDays,
    responses: rows.length,
    weightedScore: weighted,
    weightedScorePrevious: weightedPrevious,
    weightedTrend: trend(weighted, weightedPrevious),
    weakestDepartment: weakest ? { departmentId: weakest.departmentId, name: weakest.name, score: weakest.latestScore! } : null,
    nps: nps(answers.map((a) => a.recommend)),
    csat: csat(itemAnswers(answers)),
    departments: perDepartment,
    trap: {
      flag: trap.flag,
      reasons: trap.reasons,
      basicLatest: basic.latest,
      loyaltyLatest: loyalty.latest,
      loyaltyPrevious: loyalty.previous,
      volumeRecent90: volume?.recent90 ?? 0,
      volumePrevious90: volume?.previous90 ?? 0,
      volumeChange: change,
      thresholds: trapThresholds,
    },
    pairs: pairSides(pairRows, actor, companyId),
  };
}

/** Shipper-side against consignee-side satisfaction of each pair; a client sees only its own side's answers. */
function pairSides(rows: Awaited<ReturnType<typeof pairSurveyResponses>>, actor: Actor, companyId: number) {
  const byPair = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byPair.get(Number(r.pair_id)) ?? [];
    list.push(r);
    byPair.set(Number(r.pair_id), list);
  }
  return [...byPair.entries()].map(([pairId, list]) => {
    const first = list[0];
    const ownSide = Number(first.shipper_id) === companyId ? 'shipper' : 'consignee';
    const visible = (side: 'shipper' | 'consignee') => actor.role !== 'client' || side === ownSide;
    const shipperSide = visible('shipper') ? sideSummary(list.filter((r) => r.side === 'shipper').map(toAnswers)) : null;
    const consigneeSide = visible('consignee') ? sideSummary(list.filter((r) => r.side === 'consignee').map(toAnswers)) : null;
    return {
      pairId,
      shipper: { id: Number(first.shipper_id), name: first.shipper_name },
      consignee: { id: Number(first.consignee_id), name: first.consignee_name },
      shipperSide,
      consigneeSide,
      gap: shipperSide?.score != null && consigneeSide?.score != null ? shipperSide.score - consigneeSide.score : null,
    };
  });
}

/** NPS per company the caller sees and overall (and per side) over the window. */
export async function satisfactionOverview(db: DB, actor: Actor, options: { now?: Date } = {}) {
  assertRole(actor, 'client', 'manager', 'admin');
  const now = options.now ?? new Date();
  const periods = await getSetting(db, 'satisfaction.periods', DEFAULT_SATISFACTION_PERIODS);
  const rows = await visibleRecommendAnswers(db, actor, new Date(now.getTime() - periods.windowDays * DAY_MS));
  const byCompany = new Map<number, { code: string; name: string; answers: number[] }>();
  for (const r of rows) {
    const entry = byCompany.get(Number(r.company_id)) ?? { code: r.code, name: r.name, answers: [] };
    entry.answers.push(r.recommend!);
    byCompany.set(Number(r.company_id), entry);
  }
  const count = (answers: number[]) => ({
    answers: answers.length,
    promoters: answers.filter((a) => a >= 9).length,
    passives: answers.filter((a) => a === 7 || a === 8).length,
    detractors: answers.filter((a) => a <= 6).length,
    nps: nps(answers),
  });
  const all = rows.map((r) => r.recommend!);
  return {
    windowDays: periods.windowDays,
    overall: count(all),
    shipperSide: count(rows.filter((r) => r.side === 'shipper').map((r) => r.recommend!)),
    consigneeSide: count(rows.filter((r) => r.side === 'consignee').map((r) => r.recommend!)),
    companies: [...byCompany.entries()].map(([companyId, e]) => ({ companyId, code: e.code, name: e.name, ...count(e.answers) })),
  };
}
