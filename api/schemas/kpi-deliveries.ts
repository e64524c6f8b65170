import { z } from '../openapi';
import { DeliveryListQuery, DeliveryListSchema } from './deliveries';
import { ServiceQuerySchema } from './service-kpis';

const KPI_MEASURES = ['due', 'delivered', 'onTime', 'inFull', 'otif', 'perfect'] as const;
const KPI_OUTCOMES = ['all', 'met', 'failed', 'excused'] as const;
const KPI_BASES = ['operational', 'contractual'] as const;

const list = DeliveryListQuery.shape;

export const KpiDeliveriesQuerySchema = ServiceQuerySchema.omit({ groupBy: true }).extend({
  kpi: z.enum(KPI_MEASURES).default('otif').openapi({ description: 'the KPI whose figure is opened (delivered: its failures are the due deliveries not yet delivered)' }),
  outcome: z.enum(KPI_OUTCOMES).default('failed').openapi({
    description: 'all: the due count the rate divides by; met: its count; failed: the rest of the due count; excused: due deliveries the contract excuses',
  }),
  basis: z.enum(KPI_BASES).default('contractual').openapi({ description: 'contractual: excused deliveries left out (what compliance judges); operational: every due delivery' }),
  cursor: list.cursor,
  pageSize: list.pageSize,
});
export type KpiDeliveriesQuery = z.infer<typeof KpiDeliveriesQuerySchema>;

export const KpiDeliveryListSchema = DeliveryListSchema.extend({
  from: z.string(),
  to: z.string(),
  measure: z.enum(KPI_MEASURES),
  outcome: z.enum(KPI_OUTCOMES),
  basis: z.enum(KPI_BASES),
}).openapi('KpiDeliveryList');
