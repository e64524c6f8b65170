import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { csvHeaders } from '../csv';
import { CompanyServiceQuerySchema, CompanyServiceSchema } from '../schemas/service-kpis';
import { companyService } from '../services/service-kpis-service';
import { JSON_HEADERS, reportKey } from '../cache/report-cache';
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
      const { config, reportCache } = c.get('deps');
      const actor = actorOf(c);
      const result = await reportCache.get(reportKey('company-service', actor, { id, ...q }, config.businessTimeZone),
        () => companyService(c.get('db'), actor, id, q, config.businessTimeZone));
      if (q.format === 'csv') {
        const csv = serviceReportCsv([{ side: 'shipper', report: result.asShipper }, { side: 'consignee', report: result.asConsignee }]);
        return c.body(csv, 200, csvHeaders(`company-${id}-service.csv`));
      }
      return c.body(reportCache.json(result), 200, JSON_HEADERS);
    },
  );
