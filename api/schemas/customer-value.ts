import { z } from '../openapi';
import { BusinessDate } from './scalars';

const num = z.number();
const numOrNull = z.number().nullable();
const StageSchema = z.enum(['prospect', 'development', 'growth', 'maturity', 'decline', 'terminated']);

export const ClvSettingsSchema = z.object({ discountRate: num, horizonYears: num, defaultRetention: num });

export const ValueRowSchema = z.object({
  companyId: z.number().int(), code: z.string(), name: z.string(),
  revenue: num, cost: num, claimsPaid: num.openapi({ description: 'Settled amounts of claims paid in the 12 months (subtracted from profit)' }), profit: num, shipments: num,
  rank: z.number().int(), cumulativeShare: num, abcClass: z.enum(['A', 'B', 'C']),
  churnProbability: num, retention: num, retentionSource: z.enum(['churn', 'default']),
  clv: num, clvPerpetual: numOrNull, retentionBudget: num,
}).openapi('CompanyValueRow');

export const ValueOverviewSchema = z.object({
  from: z.string(), to: z.string(),
  settings: ClvSettingsSchema,
  ranking: z.object({
    customers: z.number().int(), totalProfit: num, totalPositiveProfit: num,
    classCounts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int() })
      .openapi({ description: 'the shippers in view per provider-wide ABC class' }),
    shareMaking80: numOrNull.openapi({ description: 'share of all ranked customers (0..1) that make 80 % of the positive profit' }),
    curve: z.array(z.object({ customerShare: num, profitShare: num })),
  }).openapi({ description: "the ranking among the shippers the caller sees: all of them for an admin, a manager's view for a manager" }),
  items: z.array(ValueRowSchema).openapi({ description: 'the shippers the caller sees; rank and cumulativeShare within that view, abcClass provider-wide' }),
}).openapi('ValueOverview');

export const CompanyValueSchema = z.object({
  companyId: z.number().int(), code: z.string(), name: z.string(), asOf: z.string(),
  from: z.string().openapi({ description: 'first day of the trailing 12 months (365 days to asOf) that revenue and profit cover' }),
  settings: ClvSettingsSchema,
  value: z.union([ValueRowSchema, z.null()]).openapi({ description: 'null for a company that is not a shipper' }),
  volume: z.object({ recent90: num, previous90: num, shipments12m: num, firstDay: z.string().nullable(), lastDay: z.string().nullable() }),
  lifecycle: z.object({
    stage: StageSchema.nullable(), changedAt: z.string().nullable(),
    history: z.array(z.object({ stage: StageSchema, previousStage: StageSchema.nullable(), changedAt: z.string() })),
  }),
  loyalty: z.object({
    index: numOrNull.openapi({ description: '0–100, weighted mean of the measurable components' }),
    components: z.array(z.object({
      key: z.enum(['duration', 'frequency', 'frequencyTrend', 'shareOfWallet', 'serviceLines', 'satisfaction']),
      value: numOrNull, score: numOrNull, weight: num,
    })),
  }),
}).openapi('CompanyValue');

export const LifecycleRecomputeSchema = z.object({
  asOf: z.string(), computed: z.number().int(),
  changes: z.array(z.object({ companyId: z.number().int(), from: StageSchema.nullable(), to: StageSchema })),
}).openapi('LifecycleRecompute');

export const AsOfQuery = z.object({
  asOf: BusinessDate.optional().openapi({ description: 'business day the windows end on (default today)', example: '2026-11-25' }),
});
