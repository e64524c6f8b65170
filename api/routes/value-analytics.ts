import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, json, z } from '../openapi';
import { AsOfQuery, LifecycleRecomputeSchema, ValueOverviewSchema } from '../schemas/customer-value';
import { SatisfactionOverviewSchema } from '../schemas/satisfaction';
import { valueOverview } from '../services/value-service';
import { satisfactionOverview } from '../services/satisfaction-service';
import { recomputeLifecycleAs } from '../services/lifecycle-service';
import { actorOf } from '../middleware/authenticate';
import { csvHeaders, toCsv } from '../csv';

type ValueRow = z.infer<typeof ValueOverviewSchema>['items'][number];

const round = (value: number, places: number) => Number(value.toFixed(places));

const VALUE_CSV_COLUMNS: { header: string; value: (r: ValueRow) => unknown }[] = [
  { header: 'company_id', value: (r) => r.companyId },
  { header: 'code', value: (r) => r.code },
  { header: 'name', value: (r) => r.name },
  { header: 'revenue_12m', value: (r) => r.revenue },
  { header: 'cost_12m', value: (r) => r.cost },
  { header: 'profit_12m', value: (r) => r.profit },
  { header: 'rank', value: (r) => r.rank },
  { header: 'abc_class', value: (r) => r.abcClass },
  { header: 'cumulative_profit_share', value: (r) => round(r.cumulativeShare, 4) },
  { header: 'churn_probability', value: (r) => round(r.churnProbability, 4) },
  { header: 'clv', value: (r) => round(r.clv, 2) },
  { header: 'retention_budget', value: (r) => round(r.retentionBudget, 2) },
];

/** Mounted on /analytics: customer value, NPS overview, lifecycle recompute. */
export const valueAnalyticsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/value', tags: ['value'],
      summary: '12-month revenue, cost, profit, ABC class, Pareto curve, CLV and retention budget per shipper (manager, admin); format=csv downloads',
      request: { query: AsOfQuery.extend({ format: z.enum(['json', 'csv']).default('json') }) },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: ValueOverviewSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const result = await c.get('deps').readRoute.read((db) => valueOverview(db, actorOf(c), { timeZone: c.get('deps').config.businessTimeZone, asOf: q.asOf }));
      if (q.format === 'csv') return c.body(toCsv(result.items, VALUE_CSV_COLUMNS), 200, csvHeaders(`customer-value-${result.to}.csv`));
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/satisfaction', tags: ['satisfaction'], summary: 'NPS per company you see, overall and per side',
      responses: { 200: json(SatisfactionOverviewSchema), ...errorResponses },
    }),
    async (c) => c.json(await c.get('deps').readRoute.read((db) => satisfactionOverview(db, actorOf(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/lifecycle/recompute', tags: ['value'],
      summary: 'Recompute every company’s lifecycle stage now (manager, admin)',
      responses: { 200: json(LifecycleRecomputeSchema), ...errorResponses },
    }),
    async (c) => c.json(await recomputeLifecycleAs(c.get('db'), c.get('deps').config, actorOf(c)), 200),
  );
