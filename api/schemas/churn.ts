import { PageMetaSchema, PageQuery, z } from '../openapi';
import { RETENTION_ACTIONS } from '../churn/retention-advice';
import { BusinessDate, Id } from './scalars';

export const ChurnListQuery = PageQuery.extend({
  sort: z.enum(['risk', 'cascade', 'revenueAtRisk', 'directRisk']).default('risk')
    .openapi({ description: 'risk = total p; cascade = p − r; revenueAtRisk = exposure (pairs’ revenue × P(either side churns)); directRisk = r' }),
  order: z.enum(['asc', 'desc']).default('desc'),
  minRisk: z.coerce.number().min(0).max(1).optional().openapi({ description: 'only companies with p ≥ minRisk' }),
  role: z.enum(['shipper', 'consignee']).optional(),
  accountManagerId: Id.optional(),
});

const RunSchema = z.object({
  id: z.number().int(),
  computedAt: z.string(),
  trigger: z.string(),
  alpha: z.number(),
  iterations: z.number().int(),
  converged: z.boolean(),
  companies: z.number().int(),
  pairs: z.number().int(),
}).openapi('ChurnRun');

const ContributionSchema = z.object({ signal: z.string(), value: z.number(), coefficient: z.number(), contribution: z.number() });
const AdviceSchema = z.object({
  action: z.enum(RETENTION_ACTIONS)
    .openapi({ description: 'the action key; a portal words it from action and params in its own language' }),
  params: z.object({ department: z.string().optional(), neighbour: z.string().optional(), neighbourId: z.number().int().optional() }),
  reason: z.string().openapi({ description: 'the reason in English' }),
}).openapi('RetentionAdvice');

const NeighbourSchema = z.object({
  companyId: z.number().int(),
  name: z.string().nullable(),
  pairIds: z.array(z.number().int()),
  weight: z.number().openapi({ description: 'w_ij: share of this company’s deliveries on the pair' }),
  neighbourRisk: z.number().nullable().openapi({ description: 'm_j→i: the neighbour’s churn probability, leaving out the echo along this pair' }),
  contagion: z.number().nullable().openapi({ description: 'α·w_ij·m_j→i' }),
});

export const ChurnItemSchema = z.object({
  companyId: z.number().int(),
  code: z.string(),
  name: z.string(),
  isShipper: z.boolean(),
  isConsignee: z.boolean(),
  accountManagerId: z.number().int().nullable(),
  directRisk: z.number(),
  risk: z.number(),
  cascadeRisk: z.number(),
  revenue12m: z.number(),
  profit12m: z.number(),
  revenueAtRisk: z.number().openapi({ description: 'exposure: Σ over the company’s pairs of P(either side churns) × pair revenue (12 months)' }),
  transferValue12m: z.number().openapi({ description: 'revenue of the deliveries made to the company (consignee transfer value)' }),
  abcClass: z.string(),
  clv: z.number(),
  retentionBudget: z.number(),
  advice: AdviceSchema,
  topDrivers: z.array(ContributionSchema),
}).openapi('ChurnItem');

export const ChurnListSchema = z.object({
  run: z.union([RunSchema, z.null()]),
  totals: z.object({
    companies: z.number().int(),
    revenue12m: z.number(),
    transferValue12m: z.number(),
    expectedRevenueAtRisk: z.number().openapi({ description: 'Σ of the listed companies’ billed pairs: each pair once, under its shipper' }),
    directRevenueAtRisk: z.number(),
    cascadeRevenueAtRisk: z.number(),
    meanRisk: z.number(),
  }),
  items: z.array(ChurnItemSchema),
  meta: PageMetaSchema,
}).openapi('ChurnList');

export const CompanyChurnSchema = ChurnItemSchema.extend({
  run: RunSchema,
  weakestDepartment: z.string().nullable(),
  signals: z.record(z.string(), z.number()),
  facts: z.record(z.string(), z.unknown()),
  drivers: z.array(ContributionSchema),
  exposures: z.array(NeighbourSchema),
  ego: z.object({
    nodes: z.array(z.object({
      id: z.number().int(), name: z.string(), risk: z.number().nullable(), centre: z.boolean(),
      side: z.enum(['shipper', 'consignee', 'both']).nullable(),
    })),
    edges: z.array(z.object({
      neighbourId: z.number().int(), pairIds: z.array(z.number().int()),
      weight: z.number().openapi({ description: 'share of the centre’s deliveries on the pair' }),
      neighbourWeight: z.number().openapi({ description: 'share of the neighbour’s deliveries on the pair' }),
      shipments12m: z.number(),
    })),
  }),
  history: z.array(z.object({ runId: z.number().int(), computedAt: z.string(), risk: z.number(), directRisk: z.number(), revenueAtRisk: z.number() })),
}).openapi('CompanyChurn');

export const WhatIfBody = z.strictObject({
  lost: z.array(z.strictObject({
    companyId: z.number().int().positive().max(2 ** 53 - 1),
    probability: z.number().min(0).max(1).default(1).openapi({ description: 'assumed churn probability; 1 = lost' }),
  })).min(1).max(10_000),
  alpha: z.number().min(0).max(1).optional().openapi({ description: 'contagion strength; default: the latest run’s' }),
  minRise: z.number().min(0).max(1).optional().openapi({ description: 'a company follows when its p rises by at least this (default 0.01)' }),
}).openapi('ChurnWhatIf');

const WhatIfCompany = z.object({
  companyId: z.number().int(), name: z.string(), directRisk: z.number(), baseline: z.number(), risk: z.number(),
  increase: z.number(), exposureLost: z.number().openapi({ description: 'rise of the company’s exposure (its pairs’ revenue at risk)' }),
});

export const WhatIfSchema = z.object({
  runId: z.number().int(),
  alpha: z.number(),
  baselineRevenueAtRisk: z.number(),
  expectedRevenueAtRisk: z.number(),
  minRise: z.number(),
  expectedRevenueLost: z.number().openapi({ description: 'Σ over pairs (each once) of the rise in P(either side churns) × 12-month pair revenue' }),
  explanation: z.object({
    onNamedPairs: z.number().openapi({ description: 'part of expectedRevenueLost on pairs of the named companies' }),
    onFollowersPairs: z.number().openapi({ description: 'part on pairs between other companies (the followers)' }),
    pairs: z.number().int().openapi({ description: 'number of pairs whose expected revenue moves' }),
    sentence: z.string().openapi({ description: 'the expected loss explained in one English sentence (the portal words its own)' }),
  }),
  movedCount: z.number().int().openapi({ description: 'companies (not named) whose p moves at all' }),
  followerCount: z.number().int().openapi({ description: 'companies (not named) whose p rises by at least minRise' }),
  named: z.array(WhatIfCompany),
  followers: z.array(WhatIfCompany).openapi({ description: 'sorted by the rise in p, largest first' }),
  pairs: z.array(z.object({
    shipper: z.object({ id: z.number().int(), name: z.string() }),
    consignee: z.object({ id: z.number().int(), name: z.string() }),
    revenue12m: z.number(), baseline: z.number(), risk: z.number(), expectedRevenueLost: z.number(),
  })).openapi({ description: 'pairs whose revenue is lost, largest first (top 50)' }),
}).openapi('ChurnWhatIfResult');

export const RecomputeSchema = z.object({
  runId: z.number().int(), asOf: z.string(), alpha: z.number(), iterations: z.number().int(), converged: z.boolean(),
  companies: z.number().int(), pairs: z.number().int(), revenue12m: z.number(), revenueAtRisk: z.number(),
  directRevenueAtRisk: z.number(), cascadeRevenueAtRisk: z.number(), durationMs: z.number(),
}).openapi('ChurnRecompute');

export const FitQuery = z.object({
  apply: z.enum(['true', 'false']).default('false').openapi({ description: 'store the fitted coefficients as the setting churn.coefficients' }),
  lambda: z.coerce.number().min(0).max(1000).default(1).openapi({ description: 'L2 penalty' }),
});

export const FitSchema = z.object({
  applied: z.boolean(),
  lambda: z.number(),
  train: z.object({ companies: z.number().int(), churned: z.number().int() }),
  heldOut: z.object({
    companies: z.number().int(), churned: z.number().int(), auc: z.number().nullable(), logLoss: z.number().nullable(),
    calibration: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int(), predicted: z.number().nullable(), observed: z.number().nullable() })),
  }),
  coefficients: z.record(z.string(), z.number()),
  previous: z.record(z.string(), z.number()),
  converged: z.boolean(),
}).openapi('ChurnFit');

const CoefficientsSchema = z.record(z.string(), z.number()).openapi({ description: 'intercept and one coefficient per signal' });

export const ModelCardSchema = z.object({
  source: z.enum(['fitted', 'defaults', 'manual']).openapi({ description: 'fitted: the last applied fit; defaults: the documented defaults; manual: set by hand in the settings' }),
  note: z.string(),
  coefficients: CoefficientsSchema,
  defaults: CoefficientsSchema,
  departures: z.number().int().openapi({ description: 'terminated companies in the history now' }),
  minDeparturesToFit: z.number().int(),
  fit: z.object({
    fittedAt: z.string(), lambda: z.number(), departures: z.number().int(), companies: z.number().int(),
    heldOut: z.object({ companies: z.number().int(), churned: z.number().int(), auc: z.number().nullable() }),
  }).nullable(),
}).openapi('ChurnModelCard');

export const BacktestQuery = z.object({
  asOf: BusinessDate.optional().openapi({ description: 'score as of the end of this day (default: 365 days before today); must lie before today' }),
});

const BacktestMetrics = z.object({
  auc: z.number().nullable().openapi({ description: 'P(a company that left scored above one that stayed); null without both' }),
  brier: z.number().nullable().openapi({ description: 'mean (p − left)²' }),
  meanPredicted: z.number().nullable(),
  topDecile: z.object({
    size: z.number().int(), departures: z.number().int(),
    lift: z.number().nullable().openapi({ description: 'departure rate of the top tenth by predicted risk over the overall rate' }),
  }),
  calibration: z.array(z.object({
    decile: z.number().int().openapi({ description: '1 = the highest-scored tenth' }), count: z.number().int(),
    meanPredicted: z.number().nullable(), observed: z.number().nullable(), departures: z.number().int(),
  })),
}).openapi('ChurnBacktestMetrics');

export const BacktestSchema = z.object({
  asOf: z.string(), horizonEnd: z.string(), today: z.string(),
  horizon: z.string(), leftDefinition: z.string(), knownThen: z.string(),
  outcomeComplete: z.boolean(),
  coefficients: z.object({ source: z.enum(['fitted', 'defaults', 'manual']), fittedAt: z.string().nullable(), alpha: z.number() }),
  companies: z.number().int(), departures: z.number().int(), pairs: z.number().int(),
  direct: BacktestMetrics,
  cascade: BacktestMetrics,
  notes: z.array(z.string()),
}).openapi('ChurnBacktest');

export const SaveFirstBody = z.strictObject({
  accounts: z.number().int().min(0).max(1000).optional().openapi({ description: 'budget: at most this many accounts' }),
  amount: z.number().min(0).max(1e15).optional().openapi({ description: 'or budget: at most this much money, each account at its retention cost' }),
  effect: z.number().min(0).max(1).optional()
    .openapi({ description: 'factor an intervention puts on an account’s direct risk (0.5 halves it); default: setting churn.saveFirst.effect' }),
}).openapi('ChurnSaveFirst');

export const SaveFirstSchema = z.object({
  runId: z.number().int(),
  horizon: z.string(),
  effect: z.number(),
  budget: z.object({
    kind: z.enum(['accounts', 'amount']), limit: z.number(),
    used: z.number().openapi({ description: 'accounts chosen, or the sum of their retention costs' }),
  }),
  costBasis: z.string(),
  candidates: z.number().int().openapi({ description: 'accounts that may be chosen (a manager: their own)' }),
  evaluated: z.number().int().openapi({ description: 'candidates whose gain was computed exactly (the rest screened out by r × exposure)' }),
  revenueAtRiskBefore: z.number(),
  revenueAtRiskAfter: z.number(),
  totalKept: z.number().openapi({ description: 'expected 12-month revenue kept across the whole graph, cascade included' }),
  items: z.array(z.object({
    rank: z.number().int(), companyId: z.number().int(), name: z.string(),
    directRisk: z.number(), risk: z.number(), cost: z.number(),
    gain: z.number().openapi({ description: 'marginal expected revenue kept by adding this account to those above it' }),
    cumulativeKept: z.number(),
  })),
}).openapi('ChurnSaveFirstPlan');
