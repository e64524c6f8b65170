import { z } from '../openapi';
import { BusinessDate, Id } from './scalars';

const id = Id;
const isoDate = BusinessDate;
const format = z.enum(['json', 'csv']).default('json').openapi({ description: 'csv = a CSV download of the same table' });

export const GROUPINGS = ['none', 'day', 'week', 'month', 'shipper', 'consignee', 'contract', 'lane'] as const;

export const ServiceQuerySchema = z.strictObject({
  shipperId: id.optional(),
  consigneeId: id.optional(),
  contractId: id.optional(),
  pairId: id.optional(),
  origin: z.string().trim().min(1).max(200).optional(),
  destination: z.string().trim().min(1).max(200).optional(),
  from: isoDate.optional().openapi({ description: 'first business day (default: first day of the month 11 months ago)' }),
  to: isoDate.optional().openapi({ description: 'last business day (default: today)' }),
  groupBy: z.enum(GROUPINGS).default('none'),
  format,
});
export type ServiceQuery = z.infer<typeof ServiceQuerySchema>;

export const CompanyServiceQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.enum(GROUPINGS).default('none'),
  format,
});

export const RangeQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  format,
});

export const ComplianceQuerySchema = RangeQuerySchema.extend({
  consigneeId: id.optional().openapi({ description: 'Only this consignee’s deliveries under the contract (no credit); a consignee client always gets its own' }),
});
export type ComplianceQuery = z.infer<typeof ComplianceQuerySchema>;

export const BreachQuerySchema = z.strictObject({ format });

const rate = z.number().nullable();

export const ContractualKpiSchema = z.object({
  due: z.number().int(), delivered: z.number().int(), onTime: z.number().int(), inFull: z.number().int(),
  otif: z.number().int(), perfect: z.number().int(), onTimeRate: rate, inFullRate: rate, otifRate: rate,
  perfectRate: rate, damageRate: rate, avgTransitHours: rate,
}).openapi('ContractualKpis', { description: 'the KPIs with the excused deliveries left out of the due count: what compliance and credits judge' });

export const KpiSchema = z.object({
  shipments: z.number().int(),
  due: z.number().int(),
  delivered: z.number().int(),
  onTime: z.number().int(),
  inFull: z.number().int(),
  otif: z.number().int(),
  perfect: z.number().int(),
  onTimeRate: rate,
  inFullRate: rate,
  otifRate: rate,
  perfectRate: rate,
  damageRate: rate,
  avgTransitHours: rate,
  p95TransitHours: rate,
  revenue: z.number(),
  cost: z.number(),
  margin: z.number(),
  marginRate: rate,
  excused: z.number().int().openapi({ description: 'due deliveries whose cause the contract excuses (DESIGN.md §5)' }),
  contractual: ContractualKpiSchema,
}).openapi('ServiceKpis', { description: 'operational KPIs (every due delivery), with the contractual ones (excused deliveries left out) beside them' });

export const ServiceRowSchema = KpiSchema.extend({
  key: z.string(),
  label: z.string(),
  provisional: z.boolean().openapi({ description: 'the period (a time row’s, else the range) is not closed yet: its figures may change' }),
  judged: z.boolean().openapi({ description: 'at least the minimum due count: enough for a verdict (trends leave the other rows out)' }),
}).openapi('ServiceKpiRow');

export const VerdictRulesSchema = z.object({
  settlingDays: z.number().int(),
  minDueCount: z.number().int(),
}).openapi('VerdictRules', { description: 'the filtered contract’s settling period and minimum due count, else the defaults (3, 20)' });

export const ServiceReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(GROUPINGS),
  rules: VerdictRulesSchema,
  provisional: z.boolean(),
  rows: z.array(ServiceRowSchema),
  total: KpiSchema,
}).openapi('ServiceReport');

export const CompanyServiceSchema = z.object({
  companyId: z.number().int(),
  asShipper: ServiceReportSchema,
  asConsignee: ServiceReportSchema,
}).openapi('CompanyService');

const KpiName = z.enum(['onTime', 'inFull', 'otif', 'damageRate', 'avgTransitHours']);
const PeriodStateSchema = z.enum(['running', 'settling', 'closed'])
  .openapi({ description: 'running: today is in it; settling: ended, within the settling period; closed: can owe a credit' });
const VerdictSchema = z.enum(['nothing_due', 'too_few', 'met', 'breached'])
  .openapi({ description: 'too_few: fewer due deliveries than the minimum for a verdict (shown, not judged)' });
const CheckSchema = z.object({
  kpi: KpiName, actual: rate, target: rate, direction: z.enum(['min', 'max']), breached: z.boolean(), shortfall: z.number(),
});

export const ClaimFiguresSchema = z.object({
  filed: z.number().int(),
  responded: z.number().int().openapi({ description: 'acknowledged by staff' }),
  respondedLate: z.number().int().openapi({ description: 'answered after the target, or unanswered past it' }),
  averageResponseHours: z.number().nullable(),
  targetHours: z.number().nullable().openapi({ description: "the contract's claim-response target" }),
}).openapi('ClaimFigures');

export const MonthComplianceSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  wholeMonth: z.boolean(),
  state: PeriodStateSchema,
  provisional: z.boolean().openapi({ description: 'not closed yet: figures may change, no credit owed yet' }),
  closesOn: z.string().openapi({ description: 'the first day the month is closed (last day + settling days + 1)' }),
  kpis: KpiSchema,
  checks: z.array(CheckSchema),
  verdict: VerdictSchema,
  breached: z.boolean(),
  breaches: z.array(KpiName),
  worstKpi: KpiName.nullable(),
  worstShortfall: z.number(),
  creditPercent: z.number(),
  creditAmount: z.number().openapi({ description: 'owed for a closed, breached month; 0 otherwise' }),
  claims: ClaimFiguresSchema.openapi({ description: 'claims filed under the contract this month, against its response target' }),
}).openapi('MonthCompliance');

export const ComplianceReportSchema = z.object({
  contract: z.object({
    id: z.number().int(), code: z.string(), name: z.string().nullable(), shipperId: z.number().int(), startDate: z.string(),
    endDate: z.string(), monthlyFee: z.number(), currency: z.string(), settlingDays: z.number().int(), minDueCount: z.number().int(),
  }),
  scope: z.object({ consigneeId: z.number().int(), consigneeCode: z.string(), consigneeName: z.string() }).nullable()
    .openapi({ description: 'set: the figures are this consignee’s deliveries under the contract' }),
  creditsApply: z.boolean().openapi({ description: 'false with a consignee scope: credits are owed on the whole contract' }),
  from: z.string(),
  to: z.string(),
  today: z.string(),
  months: z.array(MonthComplianceSchema),
  total: z.object({
    claims: ClaimFiguresSchema,
    from: z.string(), to: z.string(), provisional: z.boolean(), kpis: KpiSchema, checks: z.array(CheckSchema),
    verdict: VerdictSchema, breaches: z.array(KpiName),
  }).openapi({ description: 'the KPIs of the whole range against the targets (no credit)' }),
  totalCredit: z.number().openapi({ description: 'Σ credits of the closed months' }),
}).openapi('ComplianceReport');

export const BreachSchema = z.object({
  contractId: z.number().int(),
  contractCode: z.string(),
  shipperId: z.number().int(),
  shipperName: z.string(),
  month: z.string(),
  wholeMonth: z.boolean(),
  due: z.number().int().openapi({ description: 'the contractual due count (excused deliveries left out), as the rates below' }),
  excused: z.number().int(),
  state: PeriodStateSchema,
  provisional: z.boolean(),
  closesOn: z.string(),
  breaches: z.array(KpiName),
  worstKpi: KpiName,
  worstShortfall: z.number(),
  creditPercent: z.number(),
  creditAmount: z.number(),
  currency: z.string(),
  onTimeRate: rate,
  inFullRate: rate,
  otifRate: rate,
  damageRate: rate,
  avgTransitHours: rate,
}).openapi('Breach');

export const BreachListSchema = z.object({
  today: z.string(),
  months: z.array(z.string()),
  items: z.array(BreachSchema),
}).openapi('BreachList');
