import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { csvHeaders } from '../csv';
import { actorOf } from '../middleware/authenticate';
import { languageOf } from '../workbench/language';
import { tasksCsv } from './csv';
import { CreateTaskSchema, TaskListQuery, TaskListSchema, TaskSchema, UpdateTaskSchema } from './schemas';
import { changeTask, createTask, getTask, listTasksFor } from './service';

const EXPORT_LIMIT = 10_000;

export const tasksRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['tasks'],
      summary: 'Tasks of your portfolio and your own: mine, company, status (open = open or in progress), overdue, for review; CSV with format=csv',
      request: { query: TaskListQuery },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: TaskListSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (q.format === 'csv') {
        const all = await listTasksFor(c.get('db'), actorOf(c), { ...q, page: 1, pageSize: EXPORT_LIMIT });
        return c.body(tasksCsv(all.items), 200, csvHeaders('tasks.csv'));
      }
      return c.json(await listTasksFor(c.get('db'), actorOf(c), q), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['tasks'],
      summary: 'Create a task linked to a company, pair, contract, interaction or alert (from an alert: pre-filled); a due time in the past is accepted and flagged',
      request: { body: jsonBody(CreateTaskSchema) },
      responses: { 201: json(TaskSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createTask(c.get('db'), actorOf(c), c.req.valid('json'), new Date(), languageOf(c)), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['tasks'], summary: 'One task',
      request: { params: IdParams },
      responses: { 200: json(TaskSchema), ...errorResponses },
    }),
    async (c) => c.json(await getTask(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags: ['tasks'], summary: 'Change a task: title, owner, due time, priority, status (done records when), review flag',
      request: { params: IdParams, body: jsonBody(UpdateTaskSchema) },
      responses: { 200: json(TaskSchema), ...errorResponses },
    }),
    async (c) => c.json(await changeTask(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
