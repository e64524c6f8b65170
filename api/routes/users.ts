import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { CreateUserSchema, UpdateUserSchema, UserSchema } from '../schemas/users';
import { changeUser, createUser, listAllUsers } from '../services/users-service';
import { actorOf } from '../middleware/authenticate';

export const usersRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['users'], summary: 'List users (admin)',
      responses: { 200: json(z.object({ items: z.array(UserSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ items: await listAllUsers(c.get('db'), actorOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['users'], summary: 'Create a user (admin)',
      request: { body: jsonBody(CreateUserSchema) },
      responses: { 201: json(UserSchema, 'Created'), ...errorResponses, 409: json(z.any(), 'Email in use') },
    }),
    async (c) => c.json(await createUser(c.get('db'), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags: ['users'], summary: 'Change role, name, password; disable or enable (admin)',
      request: { params: IdParams, body: jsonBody(UpdateUserSchema) },
      responses: { 200: json(UserSchema), ...errorResponses },
    }),
    async (c) => c.json(await changeUser(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
