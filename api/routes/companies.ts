import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { businessDay } from '../domain/business-day';
import {
  CompanyDetailSchema, CompanyListQuery, CompanyListSchema, CompanySchema, CreateCompanySchema, UpdateCompanySchema,
} from '../schemas/accounts';
import { changeCompany, createCompany, getCompany, listCompaniesFor, setCompanyArchived } from '../services/companies-service';

const conflictResponse = { 409: json(z.any(), 'Code already in use, or a role still in use') };

export const companiesRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['companies'], summary: 'List companies: search by name or code, filter, sort, page',
      request: { query: CompanyListQuery },
      responses: { 200: json(CompanyListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listCompaniesFor(c.get('db'), actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['companies'], summary: 'Create a company (admin, manager)',
      request: { body: jsonBody(CreateCompanySchema) },
      responses: { 201: json(CompanySchema, 'Created'), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await createCompany(c.get('db'), actorOf(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['companies'], summary: 'A company with its pairs on both sides',
      request: { params: IdParams },
      responses: { 200: json(CompanyDetailSchema), ...errorResponses },
    }),
    async (c) => c.json(await getCompany(
      c.get('db'), actorOf(c), c.req.valid('param').id, businessDay(new Date(), c.get('deps').config.businessTimeZone),
    ), 200),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags: ['companies'], summary: 'Change a company (admin, its manager)',
      request: { params: IdParams, body: jsonBody(UpdateCompanySchema) },
      responses: { 200: json(CompanySchema), ...errorResponses, ...conflictResponse },
    }),
    async (c) => c.json(await changeCompany(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/archive', tags: ['companies'], summary: 'Archive a company (kept with its history)',
      request: { params: IdParams },
      responses: { 200: json(CompanySchema), ...errorResponses },
    }),
    async (c) => c.json(await setCompanyArchived(c.get('db'), actorOf(c), c.req.valid('param').id, true), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/unarchive', tags: ['companies'], summary: 'Bring an archived company back',
      request: { params: IdParams },
      responses: { 200: json(CompanySchema), ...errorResponses },
    }),
    async (c) => c.json(await setCompanyArchived(c.get('db'), actorOf(c), c.req.valid('param').id, false), 200),
  );
