import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json } from '../openapi';
import { CompanySatisfactionSchema } from '../schemas/satisfaction';
import { AsOfQuery, CompanyValueSchema } from '../schemas/customer-value';
import { companySatisfaction } from '../services/satisfaction-service';
import { companyValue } from '../services/value-service';
import { actorOf } from '../middleware/authenticate';

/** Mounted on /companies next to the companies router: satisfaction and value of one company. */
export const companyInsightsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/satisfaction', tags: ['satisfaction'],
      summary: 'Department scores and trends, weighted score, weakest department, NPS, CSAT, trap flag, pair sides',
      request: { params: IdParams },
      responses: { 200: json(CompanySatisfactionSchema), ...errorResponses },
    }),
    async (c) => c.json(await companySatisfaction(c.get('db'), actorOf(c), c.req.valid('param').id, {
      timeZone: c.get('deps').config.businessTimeZone,
    }), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/value', tags: ['value'],
      summary: 'CLV, ABC class, loyalty index with its components, lifecycle stage and history (manager, admin)',
      request: { params: IdParams, query: AsOfQuery },
      responses: { 200: json(CompanyValueSchema), ...errorResponses },
    }),
    async (c) => c.json(await companyValue(c.get('db'), actorOf(c), c.req.valid('param').id, {
      timeZone: c.get('deps').config.businessTimeZone, asOf: c.req.valid('query').asOf,
    }), 200),
  );
