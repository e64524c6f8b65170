import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { businessDay } from '../domain/business-day';
import { CreatePairSchema, PairListQuery, PairListSchema, PairSchema, UpdatePairSchema } from '../schemas/accounts';
import { changePair, createPair, getPair, listPairsFor } from '../services/pairs-service';

export const pairsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['pairs'], summary: 'List customer pairs with volume, revenue and weights',
      request: { query: PairListQuery },
      responses: { 200: json(PairListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listPairsFor(
      c.get('db'), actorOf(c), c.req.valid('query'), businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['pairs'], summary: 'Pair a shipper with a consignee (admin, manager)',
      request: { body: jsonBody(CreatePairSchema) },
      responses: { 201: json(PairSchema, 'Created'), ...errorResponses, 409: json(z.any(), 'Already paired') },
    }),
    async (c) => c.json(await createPair(
      c.get('db'), actorOf(c), c.req.valid('json'), businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['pairs'], summary: 'A pair with its 90-day and 12-month volume, revenue and weights',
      request: { params: IdParams },
      responses: { 200: json(PairSchema), ...errorResponses },
    }),
    async (c) => c.json(await getPair(
      c.get('db'), actorOf(c), c.req.valid('param').id, businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags: ['pairs'], summary: 'Change the notes of a pair',
      request: { params: IdParams, body: jsonBody(UpdatePairSchema) },
      responses: { 200: json(PairSchema), ...errorResponses },
    }),
    async (c) => c.json(await changePair(
      c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json'), businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/archive', tags: ['pairs'], summary: 'Archive a pair',
      request: { params: IdParams },
      responses: { 200: json(PairSchema), ...errorResponses },
    }),
    async (c) => c.json(await changePair(
      c.get('db'), actorOf(c), c.req.valid('param').id, { archived: true }, businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/unarchive', tags: ['pairs'], summary: 'Bring an archived pair back',
      request: { params: IdParams },
      responses: { 200: json(PairSchema), ...errorResponses },
    }),
    async (c) => c.json(await changePair(
      c.get('db'), actorOf(c), c.req.valid('param').id, { archived: false }, businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  );
