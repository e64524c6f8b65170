import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { csvHeaders } from '../csv';
import { actorOf } from '../middleware/authenticate';
import { putSetting } from '../services/settings';
import { languageOf } from '../workbench/language';
import { alertsCsv } from './csv';
import { evaluateAlerts } from './engine';
import { actOnAlert, assertAlertAdmin, getAlert, listAlertsFor, unreadAlerts } from './inbox-service';
import { AlertListQuery, AlertListSchema, AlertSchema, DismissSchema, EvaluationSchema, SnoozeSchema } from './schemas';
import { ALERT_THRESHOLDS_KEY, AlertThresholdsSchema, alertThresholds } from './thresholds';

const EXPORT_LIMIT = 10_000;
const action = (path: string, summary: string) => createRoute({
  method: 'post', path, tags: ['alerts'], summary, request: { params: IdParams },
  responses: { 200: json(AlertSchema), ...errorResponses },
});
const actionWith = <T extends z.ZodType>(path: string, summary: string, body: T) => createRoute({
  method: 'post', path, tags: ['alerts'], summary, request: { params: IdParams, body: jsonBody(body) },
  responses: { 200: json(AlertSchema), ...errorResponses },
});

export const alertsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['alerts'],
      summary: 'Your inbox (or every alert of your portfolio), newest first: filter by status, rule, severity, company; CSV with format=csv',
      request: { query: AlertListQuery },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: AlertListSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const db = c.get('db');
      if (q.format === 'csv') {
        const all = await listAlertsFor(db, actorOf(c), { ...q, page: 1, pageSize: EXPORT_LIMIT }, new Date(), languageOf(c));
        return c.body(alertsCsv(all.items), 200, csvHeaders('alerts.csv'));
      }
      return c.json(await listAlertsFor(db, actorOf(c), q, new Date(), languageOf(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/unread-count', tags: ['alerts'], summary: 'How many alerts in your inbox are unread (the header badge)',
      responses: { 200: json(z.object({ unread: z.number().int() })), ...errorResponses },
    }),
    async (c) => c.json(await unreadAlerts(c.get('db'), actorOf(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/settings', tags: ['alerts'], summary: 'The thresholds of the alert rules (admin)',
      responses: { 200: json(AlertThresholdsSchema), ...errorResponses },
    }),
    async (c) => {
      assertAlertAdmin(actorOf(c));
      return c.json(await alertThresholds(c.get('db')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put', path: '/settings', tags: ['alerts'], summary: 'Change the thresholds of the alert rules (admin)',
      request: { body: jsonBody(AlertThresholdsSchema) },
      responses: { 200: json(AlertThresholdsSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertAlertAdmin(actor);
      await putSetting(c.get('db'), actor, ALERT_THRESHOLDS_KEY, c.req.valid('json'));
      return c.json(await alertThresholds(c.get('db')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post', path: '/evaluate', tags: ['alerts'], summary: 'Run every alert rule now (admin); raises only causes not raised before',
      responses: { 200: json(EvaluationSchema), ...errorResponses },
    }),
    async (c) => {
      assertAlertAdmin(actorOf(c));
      return c.json(await evaluateAlerts(c.get('db'), c.get('deps').config, 'manual'), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['alerts'], summary: 'One alert with its evidence, your state of it and the task it suggests',
      request: { params: IdParams },
      responses: { 200: json(AlertSchema), ...errorResponses },
    }),
    async (c) => c.json(await getAlert(c.get('db'), actorOf(c), c.req.valid('param').id, new Date(), languageOf(c)), 200),
  )
  .openapi(action('/{id}/read', 'Mark an alert read'), async (c) =>
    c.json(await actOnAlert(c.get('db'), actorOf(c), c.req.valid('param').id, { kind: 'read' }), 200))
  .openapi(action('/{id}/unread', 'Mark an alert unread'), async (c) =>
    c.json(await actOnAlert(c.get('db'), actorOf(c), c.req.valid('param').id, { kind: 'unread' }), 200))
  .openapi(actionWith('/{id}/snooze', 'Snooze an alert until a time (at most a year ahead), or end the snooze with null', SnoozeSchema), async (c) => {
    const { until } = c.req.valid('json');
    return c.json(await actOnAlert(c.get('db'), actorOf(c), c.req.valid('param').id, { kind: 'snooze', until: until ? new Date(until) : null }), 200);
  })
  .openapi(actionWith('/{id}/dismiss', 'Dismiss an alert, saying why', DismissSchema), async (c) => {
    const { reason } = c.req.valid('json');
    return c.json(await actOnAlert(c.get('db'), actorOf(c), c.req.valid('param').id, { kind: 'dismiss', reason }), 200);
  })
  .openapi(action('/{id}/restore', 'Bring a dismissed alert back'), async (c) =>
    c.json(await actOnAlert(c.get('db'), actorOf(c), c.req.valid('param').id, { kind: 'restore' }), 200));
