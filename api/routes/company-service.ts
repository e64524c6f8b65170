import { createRoute } from '@hono/zod-openapi';
import { applyPolicy, viewOf } from '../auth/field-policy';
import { actorOf } from '../middleware/authenticate';
import { createRouter, errorResponses, IdParams, z } from '../openapi';
import { csvHeaders } from '../csv';
import { CompanyServiceQuerySchema, CompanyServiceSchema } from '../schemas/service-kpis';
import { companyService } from '../services/service-kpis-service';
import { cachedReport, reportJson } from '../cache/cached-report';
import { serviceReportCsv } from '../services/kpi-csv';

export const companyServiceRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/service', tags: ['service KPIs'],
      summary: "A company's service KPIs from both sides: as shipper and as consignee",
      request: { params: IdParams, query: CompanyServiceQuerySchema },
      responses: {
        200: { description: 'OK (CSV with format=csv)', content: { 'application/json': { schema: CompanyServiceSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const id = c.req.valid('param').id;
      const result = await cachedReport(c, 'company-service', { id, ...q }, async (db, actor, tz) => {
        const report = await companyService(db, actor, id, q, tz);
        // as shipper the company sees its own business; as consignee the service it receives from shippers
        return {
          ...report,
          asShipper: applyPolicy('serviceReport', viewOf(actor, id), report.asShipper),
          asConsignee: applyPolicy('serviceReport', viewOf(actor, null), report.asConsignee),
        };
      });
      if (q.format === 'csv') {
        const csv = serviceReportCsv([{ side: 'shipper', report: result.asShipper }, { side: 'consignee', report: result.asConsignee }], actorOf(c).role === 'client' ? 'party' : 'provider');
        return c.body(csv, 200, csvHeaders(`company-${id}-service.csv`));
      }
      return reportJson(c, result);
    },
  );
