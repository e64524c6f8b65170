import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, json, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { csvHeaders } from '../csv';
import { BreachListSchema, BreachQuerySchema, ServiceQuerySchema, ServiceReportSchema } from '../schemas/service-kpis';
import { serviceReport } from '../services/service-kpis-service';
import { currentBreaches } from '../services/compliance-service';
import { breachesCsv, serviceReportCsv } from '../services/kpi-csv';
import { JSON_HEADERS, reportKey } from '../cache/report-cache';

const withCsv = <T extends z.ZodType>(schema: T) => ({
  description: 'OK (CSV with format=csv)',
  content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } },
});

export const analyticsServiceRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/service', tags: ['service KPIs'],
      summary: 'Service KPIs (due, on-time, in-full, OTIF, perfect, damage, transit, margin) from daily rollups, filtered and grouped',
      request: { query: ServiceQuerySchema },
      responses: { 200: withCsv(ServiceReportSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { config, reportCache } = c.get('deps');
      const actor = actorOf(c);
      const report = await reportCache.get(reportKey('service', actor, q, config.businessTimeZone),
        () => serviceReport(c.get('db'), actor, q, config.businessTimeZone));
      if (q.format === 'csv') return c.body(serviceReportCsv([{ report }]), 200, csvHeaders(`service-${report.from}-${report.to}.csv`));
      return c.body(reportCache.json(report), 200, JSON_HEADERS);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/breaches', tags: ['service KPIs'],
      summary: 'Contract breaches in the last full month and the current month, worst shortfall first',
      request: { query: BreachQuerySchema },
      responses: { 200: withCsv(BreachListSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { config, reportCache } = c.get('deps');
      const actor = actorOf(c);
      const list = await reportCache.get(reportKey('breaches', actor, {}, config.businessTimeZone),
        () => currentBreaches(c.get('db'), actor, config.businessTimeZone));
      if (q.format === 'csv') return c.body(breachesCsv(list.items), 200, csvHeaders('breaches.csv'));
      return c.body(reportCache.json(list), 200, JSON_HEADERS);
    },
  );
