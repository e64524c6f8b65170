import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { languageOf } from '../workbench/language';
import { companyTimeline, TIMELINE_KINDS } from './service';

const TimelineQuery = z.object({
  kinds: z.string().max(200).optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const kinds = v.split(',').map((k) => k.trim()).filter(Boolean);
      const bad = kinds.filter((k) => !(TIMELINE_KINDS as readonly string[]).includes(k));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `Unknown kinds: ${bad.join(', ')}. Use ${TIMELINE_KINDS.join(', ')}.`, params: { allowed: TIMELINE_KINDS } });
        return z.NEVER;
      }
      return kinds as (typeof TIMELINE_KINDS)[number][];
    })
    .openapi({ description: `Comma-separated: ${TIMELINE_KINDS.join(', ')} (default all)`, example: 'interaction,breach' }),
  before: z.string().max(200).optional().openapi({ description: 'The meta.nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

const TimelineSchema = z.object({
  items: z.array(z.object({
    kind: z.enum(TIMELINE_KINDS),
    id: z.number().int(),
    at: z.string(),
    data: z.record(z.string(), z.unknown()),
  })),
  meta: z.object({ nextCursor: z.string().nullable().openapi({ description: 'pass as `before` for the next (older) page; null on the last' }) }),
}).openapi('Timeline');

export const timelineRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/timeline', tags: ['timeline'],
      summary: "One feed of a company's interactions, surveys, breaches, churn-risk changes, contract events, alerts and tasks, newest first (keyset pages)",
      request: { params: IdParams, query: TimelineQuery },
      responses: { 200: json(TimelineSchema), ...errorResponses },
    }),
    async (c) => c.json(await companyTimeline(
      c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query'), c.get('deps').config.businessTimeZone, new Date(), languageOf(c),
    ), 200),
  );
