import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { csvHeaders } from '../csv';
import { ComplianceReportSchema, RangeQuerySchema } from '../schemas/service-kpis';
import { contractCompliance } from '../services/compliance-service';
import { JSON_HEADERS, reportKey } from '../cache/report-cache';
import { complianceCsv } from '../services/kpi-csv';

export const contractComplianceRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/compliance', tags: ['service KPIs'],
      summary: 'Per month: each KPI against the contract target, breaches, worst shortfall, service credit',
      request: { params: IdParams, query: RangeQuerySchema },
      responses: {
        200: { description: 'OK (CSV with format=csv)', content: { 'application/json': { schema: ComplianceReportSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const id = c.req.valid('param').id;
      const { config, reportCache } = c.get('deps');
      const actor = actorOf(c);
      const report = await reportCache.get(reportKey('compliance', actor, { id, ...q }, config.businessTimeZone),
        () => contractCompliance(c.get('db'), actor, id, q, config.businessTimeZone));
      if (q.format === 'csv') return c.body(complianceCsv(report.months), 200, csvHeaders(`compliance-${report.contract.code}.csv`));
      return c.body(reportCache.json(report), 200, JSON_HEADERS);
    },
  );
