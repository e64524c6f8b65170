import { z } from '../openapi';

const numOrNull = z.number().nullable();

const SideSummary = z.object({ responses: z.number().int(), score: numOrNull, nps: numOrNull }).nullable();

export const CompanySatisfactionSchema = z.object({
  companyId: z.number().int(),
  periodDays: z.number(), windowDays: z.number(), responses: z.number().int(),
  weightedScore: numOrNull.openapi({ description: 'Σ effective weight × latest department score / Σ weights of scored departments (1–5)' }),
  weightedScorePrevious: numOrNull, weightedTrend: numOrNull,
  weakestDepartment: z.object({ departmentId: z.number().int(), name: z.string(), score: z.number() }).nullable(),
  nps: numOrNull.openapi({ description: '% promoters − % detractors (−100..100)' }),
  csat: numOrNull.openapi({ description: '% of 4–5 answers on 1–5 items' }),
  departments: z.array(z.object({
    departmentId: z.number().int(), name: z.string(), kind: z.string(), weight: numOrNull, effectiveWeight: z.number(),
    latestScore: numOrNull, previousScore: numOrNull, trend: numOrNull, periodsAgo: z.number().int().nullable(),
    latestResponses: z.number().int(), csat: numOrNull,
  })),
  trap: z.object({
    flag: z.boolean(), reasons: z.array(z.enum(['loyalty_falling', 'volume_falling'])),
    basicLatest: numOrNull, loyaltyLatest: numOrNull, loyaltyPrevious: numOrNull,
    volumeRecent90: z.number(), volumePrevious90: z.number(), volumeChange: numOrNull,
    thresholds: z.object({ basicMin: z.number(), loyaltyDrop: z.number(), volumeDrop: z.number() }),
  }),
  pairs: z.array(z.object({
    pairId: z.number().int(),
    shipper: z.object({ id: z.number().int(), name: z.string() }),
    consignee: z.object({ id: z.number().int(), name: z.string() }),
    shipperSide: SideSummary, consigneeSide: SideSummary, gap: numOrNull,
  })),
}).openapi('CompanySatisfaction');

const NpsCount = z.object({
  answers: z.number().int(), promoters: z.number().int(), passives: z.number().int(), detractors: z.number().int(), nps: numOrNull,
});

export const SatisfactionOverviewSchema = z.object({
  windowDays: z.number(),
  overall: NpsCount, shipperSide: NpsCount, consigneeSide: NpsCount,
  companies: z.array(NpsCount.extend({ companyId: z.number().int(), code: z.string(), name: z.string() })),
}).openapi('SatisfactionOverview');
