import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { CreateDepartmentSchema, DepartmentParams, DepartmentSchema, UpdateDepartmentSchema } from '../schemas/accounts-people';
import { changeDepartment, createDepartment, listDepartmentsOf, removeDepartment } from '../services/departments-service';

/** Mounted under /companies: /companies/{id}/departments. */
export const departmentsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/departments', tags: ['departments'], summary: "A company's departments with their effective weights",
      request: { params: IdParams },
      responses: { 200: json(z.object({ items: z.array(DepartmentSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ items: await listDepartmentsOf(c.get('db'), actorOf(c), c.req.valid('param').id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/departments', tags: ['departments'], summary: 'Add a department (weights of a company sum to at most 1)',
      request: { params: IdParams, body: jsonBody(CreateDepartmentSchema) },
      responses: { 201: json(DepartmentSchema, 'Created'), ...errorResponses, 409: json(z.any(), 'Name in use') },
    }),
    async (c) => c.json(await createDepartment(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}/departments/{departmentId}', tags: ['departments'], summary: 'Change a department',
      request: { params: DepartmentParams, body: jsonBody(UpdateDepartmentSchema) },
      responses: { 200: json(DepartmentSchema), ...errorResponses, 409: json(z.any(), 'Name in use') },
    }),
    async (c) => {
      const { id, departmentId } = c.req.valid('param');
      return c.json(await changeDepartment(c.get('db'), actorOf(c), id, departmentId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/{id}/departments/{departmentId}', tags: ['departments'], summary: 'Delete a department without survey or interaction history',
      request: { params: DepartmentParams },
      responses: { 204: { description: 'Deleted' }, ...errorResponses, 409: json(z.any(), 'Has history') },
    }),
    async (c) => {
      const { id, departmentId } = c.req.valid('param');
      await removeDepartment(c.get('db'), actorOf(c), id, departmentId);
      return c.body(null, 204);
    },
  );
