import { createRoute } from '@hono/zod-openapi';
import { applyPolicy, viewOf } from '../auth/field-policy';
import { actorOf } from '../middleware/authenticate';
import { createRouter, errorResponses, IdParams, z } from '../openapi';
import { csvHeaders } from '../csv';
import { ComplianceQuerySchema, ComplianceReportSchema } from '../schemas/service-kpis';
import { contractCompliance } from '../services/compliance-service';
import { cachedReport, reportJson } from '../cache/cached-report';
import { complianceCsv } from '../services/kpi-csv';

export const contractComplianceRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/compliance', tags: ['service KPIs'],
      summary: 'Per month: each KPI against the contract target, closed or provisional, verdict, worst shortfall, service credit (closed months)',
      request: { params: IdParams, query: ComplianceQuerySchema },
      responses: {
        200: { description: 'OK (CSV with format=csv)', content: { 'application/json': { schema: ComplianceReportSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const id = c.req.valid('param').id;
      const report = await cachedReport(c, 'compliance', { id, ...q }, async (db, actor, tz) => {
        const r = await contractCompliance(db, actor, id, q, tz);
        return applyPolicy('compliance', viewOf(actor, r.contract.shipperId), r);
      });
      if (q.format === 'csv') return c.body(complianceCsv(report.months, viewOf(actorOf(c), report.contract.shipperId)), 200, csvHeaders(`compliance-${report.contract.code}.csv`));
      return reportJson(c, report);
    },
  );
