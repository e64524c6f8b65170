import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { ApiTokenSchema, CreateApiTokenSchema } from '../schemas/users';
import { createToken, listTokens, revokeToken } from '../services/api-tokens-service';
import { actorOf } from '../middleware/authenticate';

export const apiTokensRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['users'], summary: 'List API tokens (admin)',
      responses: { 200: json(z.object({ items: z.array(ApiTokenSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ items: await listTokens(c.get('db'), actorOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['users'], summary: 'Create an API token for scripts (admin); the secret is shown once',
      request: { body: jsonBody(CreateApiTokenSchema) },
      responses: { 201: json(ApiTokenSchema.extend({ token: z.string() }), 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createToken(c.get('db'), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/{id}', tags: ['users'], summary: 'Revoke an API token (admin)',
      request: { params: IdParams },
      responses: { 200: json(ApiTokenSchema), ...errorResponses },
    }),
    async (c) => c.json(await revokeToken(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
  );
