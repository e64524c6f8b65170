import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { DeliveryCauseSchema, DeliveryListQuery, DeliveryListSchema, DeliverySchema } from '../schemas/deliveries';
import { getDelivery, listDeliveriesFor, setDeliveryCause } from '../services/deliveries-service';

export const deliveriesRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['deliveries'],
      summary: 'Deliveries you may see, newest promise first: filter by shipper, consignee, pair, contract, status, promised days, tracking number',
      request: { query: DeliveryListQuery },
      responses: { 200: json(DeliveryListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listDeliveriesFor(c.get('db'), actorOf(c), c.req.valid('query'), c.get('deps').config.businessTimeZone), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['deliveries'], summary: 'One delivery (404 when not yours to see)',
      request: { params: IdParams },
      responses: { 200: json(DeliverySchema), ...errorResponses },
    }),
    async (c) => c.json(await getDelivery(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'put', path: '/{id}/cause', tags: ['deliveries'],
      summary: "Set or correct a delivery's cause (managers within their companies, operations, admins); audited, KPIs recomputed",
      request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: DeliveryCauseSchema } } } },
      responses: { 200: json(DeliverySchema), ...errorResponses },
    }),
    async (c) => c.json(await setDeliveryCause(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json').cause,
      c.get('deps').config.businessTimeZone), 200),
  );
