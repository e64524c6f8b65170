import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, z } from '../openapi';
import { csvHeaders, toCsv } from '../csv';
import { actorOf } from '../middleware/authenticate';
import { assertRole } from '../auth/scope';
import { businessDay } from '../domain/business-day';
import { CompanyListQuery } from '../schemas/accounts';
import { ContractListQuery } from '../schemas/accounts-contracts';
import { ChurnListQuery } from '../schemas/churn';
import { DeliveryListQuery } from '../schemas/deliveries';
import { listCompaniesFor } from '../services/companies-service';
import { listContractsFor } from '../services/contracts-service';
import { listChurn } from '../churn/read';
import { listDeliveriesFor } from '../services/deliveries-service';
import { allByCursor, allPages, EXPORT_PAGE, EXPORT_ROW_LIMIT } from './collect';
import { policyColumnsEach } from '../auth/field-policy';
import { CHURN_COLUMNS, COMPANY_COLUMNS, contractColumns, DELIVERY_COLUMNS } from './columns';

const csvRoute = <Q extends typeof CompanyListQuery | typeof ContractListQuery | typeof ChurnListQuery | typeof DeliveryListQuery>(path: string, summary: string, query: Q) => createRoute({
  method: 'get', path, tags: ['exports'], summary, request: { query },
  responses: { 200: { description: 'CSV (UTF-8 with BOM; cells a spreadsheet would run as formulas are neutralised)', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
});

/**
 * Each list as CSV, with the list's own filters and sort (its query string), in the caller's scope: the rows
 * come from the list's service, page by page, so an export is what the list shows.
 */
export const exportsRouter = createRouter()
  .openapi(csvRoute('/companies.csv', 'The companies list as CSV (same filters and sort as GET /companies)', CompanyListQuery), async (c) => {
    const q = c.req.valid('query');
    const rows = await allPages(async (page, pageSize) => {
      const r = await listCompaniesFor(c.get('db'), actorOf(c), { ...q, page, pageSize });
      return { items: r.items, total: r.meta.total };
    });
    return c.body(toCsv(rows, policyColumnsEach(actorOf(c), 'companyListItem', COMPANY_COLUMNS, rows.map((r) => r.id))), 200, csvHeaders('companies.csv'));
  })
  .openapi(csvRoute('/contracts.csv', 'The contracts list as CSV (same filters as GET /contracts)', ContractListQuery), async (c) => {
    const q = c.req.valid('query');
    const actor = actorOf(c);
    const today = businessDay(new Date(), c.get('deps').config.businessTimeZone);
    const rows = await allPages(async (page, pageSize) => {
      const r = await listContractsFor(c.get('db'), actor, { ...q, page, pageSize }, today);
      return { items: r.items, total: r.meta.total };
    });
    return c.body(toCsv(rows, policyColumnsEach(actor, 'contract', contractColumns(), rows.map((r) => r.shipperId))), 200, csvHeaders('contracts.csv'));
  })
  .openapi(csvRoute('/deliveries.csv', 'The deliveries list as CSV (same filters as GET /deliveries)', DeliveryListQuery), async (c) => {
    const q = c.req.valid('query');
    const tz = c.get('deps').config.businessTimeZone;
    const rows = await allByCursor(async (cursor) => {
      const r = await listDeliveriesFor(c.get('db'), actorOf(c), { ...q, cursor, pageSize: EXPORT_PAGE }, tz, EXPORT_ROW_LIMIT);
      return { items: r.items, total: r.meta.totalCapped ? EXPORT_ROW_LIMIT + 1 : r.meta.total, next: r.meta.nextCursor };
    });
    return c.body(toCsv(rows, policyColumnsEach(actorOf(c), 'delivery', DELIVERY_COLUMNS, rows.map((r) => r.shipper.id))), 200, csvHeaders('deliveries.csv'));
  })
  .openapi(csvRoute('/churn.csv', 'The churn risk ranking as CSV (admin, manager; same filters and sort as GET /analytics/churn)', ChurnListQuery), async (c) => {
    const q = c.req.valid('query');
    const actor = actorOf(c);
    assertRole(actor, 'admin', 'manager'); // churn risk is never a client's to see (DESIGN.md §8)
    const rows = await allPages(async (page, pageSize) => {
      const r = await listChurn(c.get('db'), actor, { ...q, page, pageSize });
      return { items: r.items, total: r.meta.total };
    });
    return c.body(toCsv(rows, CHURN_COLUMNS), 200, csvHeaders('churn.csv'));
  });
