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
export type CompanyServiceQuery = z.infer<typeof CompanyServiceQuerySchema>;

export const RangeQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  format,
});
export type RangeQuery = z.infer<typeof RangeQuerySchema>;

export const BreachQuerySchema = z.strictObject({ format });

const rate = z.number().nullable();

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
}).openapi('ServiceKpis');

export const ServiceRowSchema = KpiSchema.extend({
  key: z.string(),
  label: z.string(),
}).openapi('ServiceKpiRow');

export const ServiceReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(GROUPINGS),
  rows: z.array(ServiceRowSchema),
  total: KpiSchema,
}).openapi('ServiceReport');

export const CompanyServiceSchema = z.object({
  companyId: z.number().int(),
  asShipper: ServiceReportSchema,
  asConsignee: ServiceReportSchema,
}).openapi('CompanyService');

const KpiName = z.enum(['onTime', 'inFull', 'otif', 'damageRate', 'avgTransitHours']);

export const MonthComplianceSchema = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string(),
  wholeMonth: z.boolean(),
  kpis: KpiSchema,
  checks: z.array(z.object({
    kpi: KpiName, actual: rate, target: rate, direction: z.enum(['min', 'max']), breached: z.boolean(), shortfall: z.number(),
  })),
  breached: z.boolean(),
  breaches: z.array(KpiName),
  worstKpi: KpiName.nullable(),
  worstShortfall: z.number(),
  creditPercent: z.number(),
  creditAmount: z.number(),
}).openapi('MonthCompliance');

export const ComplianceReportSchema = z.object({
  contract: z.object({
    id: z.number().int(), code: z.string(), shipperId: z.number().int(), startDate: z.string(), endDate: z.string(),
    monthlyFee: z.number(), currency: z.string(),
  }),
  from: z.string(),
  to: z.string(),
  months: z.array(MonthComplianceSchema),
  totalCredit: z.number(),
}).openapi('ComplianceReport');

export const BreachSchema = z.object({
  contractId: z.number().int(),
  contractCode: z.string(),
  shipperId: z.number().int(),
  shipperName: z.string(),
  month: z.string(),
  wholeMonth: z.boolean(),
  due: z.number().int(),
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
  months: z.array(z.string()),
  items: z.array(BreachSchema),
}).openapi('BreachList');
