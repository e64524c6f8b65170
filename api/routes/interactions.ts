import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import {
  CreateInteractionSchema, InteractionListQuery, InteractionListSchema, InteractionParams, InteractionSchema, UpdateInteractionSchema,
} from '../schemas/accounts-people';
import { changeInteraction, createInteraction, getInteraction, listInteractionsOf } from '../services/interactions-service';

/** Mounted under /companies: /companies/{id}/interactions (staff only). */
export const interactionsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/interactions', tags: ['interactions'], summary: "A company's calls, visits, complaints and claims, newest first",
      request: { params: IdParams, query: InteractionListQuery },
      responses: { 200: json(InteractionListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listInteractionsOf(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/interactions', tags: ['interactions'], summary: 'Record an interaction (complaints and claims open at occurredAt by default)',
      request: { params: IdParams, body: jsonBody(CreateInteractionSchema) },
      responses: { 201: json(InteractionSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createInteraction(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json'), c.get('deps').config.businessTimeZone), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/interactions/{interactionId}', tags: ['interactions'], summary: 'An interaction',
      request: { params: InteractionParams },
      responses: { 200: json(InteractionSchema), ...errorResponses },
    }),
    async (c) => {
      const { id, interactionId } = c.req.valid('param');
      return c.json(await getInteraction(c.get('db'), actorOf(c), id, interactionId), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}/interactions/{interactionId}', tags: ['interactions'], summary: 'Change an interaction; set resolvedAt to resolve a complaint or claim',
      request: { params: InteractionParams, body: jsonBody(UpdateInteractionSchema) },
      responses: { 200: json(InteractionSchema), ...errorResponses },
    }),
    async (c) => {
      const { id, interactionId } = c.req.valid('param');
      return c.json(await changeInteraction(c.get('db'), actorOf(c), id, interactionId, c.req.valid('json')), 200);
    },
  );
