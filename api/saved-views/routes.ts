import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { changeView, createView, deleteView, listViews } from './service';

const ListName = z.enum(['companies', 'churn', 'contracts', 'deliveries']);
const name = z.string().trim().min(1).max(80).openapi({ example: 'Shippers in decline' });
const search = z.string().max(2000).openapi({ description: "The list's URL query as location.search ('' or '?…')", example: '?role=shipper&lifecycleStage=decline' });

const SavedViewSchema = z.object({
  id: z.number().int(), list: ListName, name: z.string(), search: z.string(), createdAt: z.string(), updatedAt: z.string(),
}).openapi('SavedView');

export const savedViewsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['saved views'], summary: 'Your saved views of a list',
      request: { query: z.object({ list: ListName }) },
      responses: { 200: json(z.object({ items: z.array(SavedViewSchema) })), ...errorResponses },
    }),
    async (c) => c.json(await listViews(c.get('db'), actorOf(c), c.req.valid('query').list), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['saved views'], summary: 'Keep the current view of a list under a name (unique per list)',
      request: { body: jsonBody(z.strictObject({ list: ListName, name, search }).openapi('CreateSavedView')) },
      responses: { 201: json(SavedViewSchema, 'Created'), 409: json(z.any(), 'Name already in use on this list'), ...errorResponses },
    }),
    async (c) => c.json(await createView(c.get('db'), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags: ['saved views'], summary: 'Rename a saved view or replace its query',
      request: { params: IdParams, body: jsonBody(z.strictObject({ name: name.optional(), search: search.optional() }).openapi('UpdateSavedView')) },
      responses: { 200: json(SavedViewSchema), 409: json(z.any(), 'Name already in use on this list'), ...errorResponses },
    }),
    async (c) => c.json(await changeView(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/{id}', tags: ['saved views'], summary: 'Delete a saved view',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteView(c.get('db'), actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
