import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { QUARTER_PATTERN } from './quarter';
import { reviewPack } from './service';

const ReviewQuery = z.object({
  quarter: z.string().regex(QUARTER_PATTERN, 'A quarter like 2026-Q1.').optional().openapi({ description: 'Default: the last complete quarter', example: '2026-Q1' }),
  version: z.enum(['manager', 'client']).optional().openapi({ description: 'client: without internal figures (clients always get it)' }),
});

const Figures = z.object({
  shipments: z.number(), due: z.number(), onTimeRate: z.number().nullable(), inFullRate: z.number().nullable(),
  otifRate: z.number().nullable(), damageRate: z.number().nullable(), avgTransitHours: z.number().nullable(),
});

const ReviewPackSchema = z.object({
  company: z.object({ id: z.number().int(), code: z.string(), name: z.string(), roles: z.array(z.string()) }),
  quarter: z.string(), from: z.string(), to: z.string(), previousQuarter: z.string(),
  version: z.enum(['manager', 'client']), generatedAt: z.string(),
  contracts: z.array(z.object({
    id: z.number().int(), code: z.string(), currency: z.string(), monthlyFee: z.number().nullable(),
    months: z.array(Figures.extend({ month: z.string(), state: z.string(), verdict: z.boolean(), breached: z.boolean(), creditAmount: z.number().nullable() }).passthrough()),
    quarterTotal: Figures, previousQuarter: Figures,
  }).passthrough()),
  breaches: z.array(z.object({ contractCode: z.string(), month: z.string(), creditAmount: z.number().nullable() }).passthrough()),
  creditTotal: z.number().nullable(),
  satisfaction: z.object({ departments: z.array(z.object({ name: z.string(), score: z.number().nullable() }).passthrough()), weightedScore: z.number().nullable() }).passthrough(),
  volume: z.array(z.object({ month: z.string(), shipments: z.number(), revenue: z.number().optional() })),
  claims: z.object({
    filed: z.number().int(), paid: z.number().int(), answeredLate: z.number().int(), amountClaimed: z.number(), amountSettled: z.number(),
    items: z.array(z.object({ id: z.number().int(), kind: z.string(), status: z.string(), filedAt: z.string(), amountClaimed: z.number(), amountSettled: z.number().nullable() })),
  }).openapi({ description: 'claims filed in the quarter by the company or on its business as shipper' }),
  actions: z.array(z.object({ id: z.number().int(), title: z.string(), owner: z.string(), dueAt: z.string().nullable(), status: z.string(), completedAt: z.string().nullable() })),
  internal: z.object({ revenue: z.number(), cost: z.number(), margin: z.number() }).passthrough().nullable()
    .openapi({ description: 'Manager version only: revenue, cost, margin, churn risk, interactions' }),
}).openapi('ReviewPack');

export const reviewRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/review', tags: ['review'],
      summary: 'The quarterly business review pack of a client company (manager version, or the client version without internal figures)',
      request: { params: IdParams, query: ReviewQuery },
      responses: { 200: json(ReviewPackSchema), ...errorResponses },
    }),
    async (c) => c.json(await reviewPack(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query'), c.get('deps').config.businessTimeZone), 200),
  );
