import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../context';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { businessDay } from '../domain/business-day';
import {
  ContractListQuery, ContractListSchema, ContractSchema, CreateContractSchema, UpdateContractSchema,
} from '../schemas/accounts-contracts';
import {
  changeContract, createContract, getContract, listContractsFor, removeContract, setContractArchived,
} from '../services/contracts-service';

const today = (c: Context<AppEnv>) => businessDay(new Date(), c.get('deps').config.businessTimeZone);
const conflictResponse = { 409: json(z.any(), 'Code in use, or overlaps another live contract for the same consignees') };

export const contractsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['contracts'], summary: 'List contracts: by shipper, covered consignee, period, ending soon',
      request: { query: ContractListQuery },
      responses: { 200: json(ContractListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listContractsFor(c.get('db'), actorOf(c), c.req.valid('query'), today(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['contracts'], summary: "Create a shipper's contract with its service levels (admin, manager)",
      request: { body: jsonBody(CreateContractSchema) },
      responses: { 201: json(ContractSchema, 'Created'), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await createContract(c.get('db'), actorOf(c), c.req.valid('json'), today(c)), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['contracts'], summary: 'A contract',
      request: { params: IdParams },
      responses: { 200: json(ContractSchema), ...errorResponses },
    }),
    async (c) => c.json(await getContract(c.get('db'), actorOf(c), c.req.valid('param').id, today(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags: ['contracts'], summary: 'Change a contract',
      request: { params: IdParams, body: jsonBody(UpdateContractSchema) },
      responses: { 200: json(ContractSchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await changeContract(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json'), today(c), c.get('deps').config.businessTimeZone), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/archive', tags: ['contracts'], summary: 'Archive a contract (it stops counting for overlaps)',
      request: { params: IdParams },
      responses: { 200: json(ContractSchema), ...errorResponses },
    }),
    async (c) => c.json(await setContractArchived(c.get('db'), actorOf(c), c.req.valid('param').id, true, today(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/unarchive', tags: ['contracts'], summary: 'Bring an archived contract back (checked for overlaps)',
      request: { params: IdParams },
      responses: { 200: json(ContractSchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await setContractArchived(c.get('db'), actorOf(c), c.req.valid('param').id, false, today(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/{id}', tags: ['contracts'], summary: 'Delete a contract without deliveries (else archive it)',
      request: { params: IdParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses, 409: json(z.any(), 'Has deliveries') },
    }),
    async (c) => {
      await removeContract(c.get('db'), actorOf(c), c.req.valid('param').id, today(c));
      return c.body(null, 204);
    },
  );
