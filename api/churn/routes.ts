import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { businessDay } from '../domain/business-day';
import {
  BacktestQuery, BacktestSchema, SaveFirstBody, SaveFirstSchema,
  ChurnListQuery, ChurnListSchema, CompanyChurnSchema, FitQuery, FitSchema, ModelCardSchema, RecomputeSchema, WhatIfBody, WhatIfSchema,
} from '../schemas/churn';
import { companyChurn, listChurn } from './read';
import { recomputeChurnAs } from './recompute';
import { churnWhatIf } from './what-if';
import { fitChurnModel } from './fit';
import { churnModelCard } from './model-card';
import { churnBacktest } from './backtest';
import { churnSaveFirst } from './save-first-plan';

/** Mounted at /analytics/churn. */
export const churnAnalyticsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['churn'],
      summary: 'Churn risk of the latest run: sortable, filterable, paged, scoped; portfolio totals (direct vs cascaded)',
      request: { query: ChurnListQuery },
      responses: { 200: json(ChurnListSchema), ...errorResponses },
    }),
    async (c) => c.json(await c.get('deps').readRoute.read((db) => listChurn(db, actorOf(c), c.req.valid('query'))), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/recompute', tags: ['churn'], summary: 'Recompute signals and the cascade now (admin, manager)',
      responses: { 200: json(RecomputeSchema), ...errorResponses },
    }),
    async (c) => c.json(await recomputeChurnAs(c.get('db'), c.get('deps').config, actorOf(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/what-if', tags: ['churn'],
      summary: 'Companies assumed lost (or given a probability): the loss that follows through the pair graph',
      request: { body: jsonBody(WhatIfBody) },
      responses: { 200: json(WhatIfSchema), ...errorResponses },
    }),
    async (c) => c.json(await churnWhatIf(
      c.get('db'), actorOf(c), c.req.valid('json'), businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/backtest', tags: ['churn'],
      summary: 'Backtest: every company scored as of a past day with only what was known then, against who left in the following 12 months — AUC, top-decile lift, Brier, calibration by deciles, direct model and with the cascade (admin, manager)',
      request: { query: BacktestQuery },
      responses: { 200: json(BacktestSchema), ...errorResponses },
    }),
    async (c) => c.json(await c.get('deps').readRoute.read((db) => churnBacktest(
      db, actorOf(c), c.req.valid('query'), businessDay(new Date(), c.get('deps').config.businessTimeZone),
    )), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/save-first', tags: ['churn'],
      summary: 'Save first: the accounts to work on, in order, within a budget of accounts or money, keeping the most expected revenue across the pair graph (admin; a manager: their own accounts)',
      request: { body: jsonBody(SaveFirstBody) },
      responses: { 200: json(SaveFirstSchema), ...errorResponses },
    }),
    async (c) => c.json(await churnSaveFirst(
      c.get('db'), actorOf(c), c.req.valid('json'), businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/model', tags: ['churn'],
      summary: 'The model card: which direct-risk coefficients are in use — the applied fit (when, on how many departures, held-out AUC) or the defaults (admin, manager)',
      responses: { 200: json(ModelCardSchema), ...errorResponses },
    }),
    async (c) => c.json(await churnModelCard(c.get('db'), actorOf(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/fit', tags: ['churn'],
      summary: 'Fit the direct-risk coefficients to the history of churned companies; AUC and calibration held out (admin)',
      request: { query: FitQuery },
      responses: { 200: json(FitSchema), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await fitChurnModel(c.get('db'), c.get('deps').config, actorOf(c), { apply: q.apply === 'true', lambda: q.lambda }), 200);
    },
  );

/** Mounted at /companies. */
export const companyChurnRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/churn', tags: ['churn'],
      summary: 'A company’s churn: drivers, exposures, ego network of pairs, history over runs',
      request: { params: IdParams },
      responses: { 200: json(CompanyChurnSchema), ...errorResponses },
    }),
    async (c) => c.json(await companyChurn(
      c.get('db'), actorOf(c), c.req.valid('param').id, businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  );
