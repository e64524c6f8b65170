import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../context';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { csvHeaders } from '../csv';
import { viewOf } from '../auth/field-policy';
import { actorOf } from '../middleware/authenticate';
import {
  CreateDisputeSchema, DecideLineSchema, DisputableQuery, DisputableSchema, DisputeLineParams, DisputeListQuery, DisputeListSchema,
  DisputeSchema, StatementQuery, StatementSchema,
} from './schemas';
import { decideLine, disputable, fileDispute, getDispute, listDisputes } from './service';
import { monthlyStatement, statementCsv } from './statement';

const tz = (c: Context<AppEnv>) => c.get('deps').config.businessTimeZone;
const conflict = { 409: json(z.any(), 'Month not closed, delivery already disputed, or line already decided') };

/** Under /contracts: a contract's disputes, what may be disputed, filing, and the monthly statement. */
export const contractDisputesRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/disputes', tags: ['disputes'],
      summary: "A contract's disputes, newest first (the shipper's client, its account manager, admins)",
      request: { params: IdParams, query: DisputeListQuery },
      responses: { 200: json(DisputeListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listDisputes(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/disputable', tags: ['disputes'],
      summary: 'Deliveries of a month counted against the contract (late, not in full or damaged; not excused) and not already disputed, with the causes the contract excuses',
      request: { params: IdParams, query: DisputableQuery },
      responses: { 200: json(DisputableSchema), ...errorResponses },
    }),
    async (c) => c.json(await disputable(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query').month, tz(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/disputes', tags: ['disputes'],
      summary: "The shipper's client disputes deliveries of a closed month, each with a cause the contract excuses; audited",
      request: { params: IdParams, body: jsonBody(CreateDisputeSchema) },
      responses: { 201: json(DisputeSchema, 'Filed'), ...errorResponses, ...conflict },
    }),
    async (c) => c.json(await fileDispute(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json'), tz(c)), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/statement', tags: ['disputes'],
      summary: 'The statement of a closed month: KPIs (operational and contractual) against targets, excused deliveries, breaches, credit, disputes; CSV with format=csv',
      request: { params: IdParams, query: StatementQuery },
      responses: {
        200: { description: 'OK (CSV with format=csv)', content: { 'application/json': { schema: StatementSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses, 409: json(z.any(), 'The month is not closed'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const actor = actorOf(c);
      const s = await monthlyStatement(c.get('db'), actor, c.req.valid('param').id, q, tz(c));
      if (q.format === 'csv') return c.body(statementCsv(s, viewOf(actor, s.contract.shipperId)), 200, csvHeaders(`statement-${s.contract.code}-${q.month}.csv`));
      return c.json(s, 200);
    },
  );

/** /disputes/{id}: one dispute with its lines and the month's figures before and now; a line's decision. */
export const disputesRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['disputes'], summary: "A dispute: its lines, and the month's contractual KPIs and credit at filing and now",
      request: { params: IdParams },
      responses: { 200: json(DisputeSchema), ...errorResponses },
    }),
    async (c) => c.json(await getDispute(c.get('db'), actorOf(c), c.req.valid('param').id, tz(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/lines/{lineId}/decision', tags: ['disputes'],
      summary: "The shipper's account manager or an admin accepts (the delivery's cause is set, KPIs recomputed) or rejects (with a note) a line; audited",
      request: { params: DisputeLineParams, body: jsonBody(DecideLineSchema) },
      responses: { 200: json(DisputeSchema), ...errorResponses, ...conflict },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await decideLine(c.get('db'), actorOf(c), p.id, p.lineId, c.req.valid('json'), tz(c)), 200);
    },
  );
