import { createRoute } from '@hono/zod-openapi';
import { applyPolicy, applyPolicyEach, viewOf } from '../auth/field-policy';
import { actorOf } from '../middleware/authenticate';
import { createRouter, errorResponses, json, z } from '../openapi';
import { csvHeaders } from '../csv';
import { BreachListSchema, BreachQuerySchema, ServiceQuerySchema, ServiceReportSchema } from '../schemas/service-kpis';
import { serviceReport } from '../services/service-kpis-service';
import { currentBreaches } from '../services/compliance-service';
import { breachesCsv, serviceReportCsv } from '../services/kpi-csv';
import { cachedReport, reportJson } from '../cache/cached-report';
import { KpiDeliveriesQuerySchema, KpiDeliveryListSchema } from '../schemas/kpi-deliveries';
import { kpiDeliveries, kpiDeliveriesCsv } from '../services/kpi-deliveries-service';

const withCsv = <T extends z.ZodType>(schema: T) => ({
  description: 'OK (CSV with format=csv)',
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});

export const analyticsServiceRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/service/deliveries', tags: ['service KPIs'],
      summary: 'The deliveries behind a KPI figure of GET /analytics/service (same filter and range): its due count, the ones that met or failed it, the excused; paged by cursor, CSV with format=csv',
      request: { query: KpiDeliveriesQuerySchema },
      responses: { 200: withCsv(KpiDeliveryListSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tz = c.get('deps').config.businessTimeZone;
      if (q.format === 'csv') return c.body(await kpiDeliveriesCsv(c.get('db'), actorOf(c), q, tz), 200, csvHeaders(`deliveries-${q.kpi}-${q.outcome}.csv`));
      return c.json(await kpiDeliveries(c.get('db'), actorOf(c), q, tz), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/service', tags: ['service KPIs'],
      summary: 'Service KPIs (due, on-time, in-full, OTIF, perfect, damage, transit, margin) from daily rollups, filtered and grouped',
      request: { query: ServiceQuerySchema },
      responses: { 200: withCsv(ServiceReportSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const report = await cachedReport(c, 'service', q, async (db, actor, tz) => applyPolicy('serviceReport', viewOf(actor, q.shipperId), await serviceReport(db, actor, q, tz)));
      if (q.format === 'csv') return c.body(serviceReportCsv([{ report }], viewOf(actorOf(c), q.shipperId)), 200, csvHeaders(`service-${report.from}-${report.to}.csv`));
      return reportJson(c, report);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/breaches', tags: ['service KPIs'],
      summary: 'Contract breaches of the latest closed month (credit owed) and the provisional months after it, worst shortfall first',
      request: { query: BreachQuerySchema },
      responses: { 200: withCsv(BreachListSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const list = await cachedReport(c, 'breaches', {}, async (db, actor, tz) => {
        const l = await currentBreaches(db, actor, tz);
        return { ...l, items: applyPolicyEach(actor, 'breach', l.items, (b) => b.shipperId) };
      });
      if (q.format === 'csv') return c.body(breachesCsv(list.items, actorOf(c)), 200, csvHeaders('breaches.csv'));
      return reportJson(c, list);
    },
  );
