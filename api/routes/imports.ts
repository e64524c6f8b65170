import { Readable } from 'node:stream';
import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, PageQuery, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { csvHeaders } from '../csv';
import { spoolUpload } from '../import/upload';
import { ImportJobListSchema, ImportJobSchema, ImportListQuery, ImportRowErrorListSchema, UploadQuery } from '../schemas/imports';
import {
  assertMayImport, getImport, importErrorsCsv, listImportErrors, listImportsFor, startDeliveryImport,
} from '../services/imports-service';

const uploadErrors = {
  413: json(z.any(), 'File larger than the upload limit'),
  415: json(z.any(), 'Neither multipart/form-data nor text/csv'),
};

export const importsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'post', path: '/deliveries', tags: ['imports'],
      summary: 'Upload a delivery file (operations, admin): multipart field "file" or a raw text/csv body; answers 202 with the job',
      description: 'The file is streamed to disk, never held in memory, and imported in the background. Poll GET /imports/{id} for progress.',
      request: {
        query: UploadQuery,
        // plain OpenAPI schemas, not zod: documented without a validator, which would read the whole upload
        body: {
          required: true,
          description: 'The delivery file: one header row (tracking_no, shipper_code, consignee_code, promised_at, status required; English or Chinese names), comma or tab delimited, UTF-8 with or without BOM, or GB18030',
          content: {
            'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } },
            'text/csv': { schema: { type: 'string', format: 'binary' } },
          },
        },
      },
      responses: { 202: json(ImportJobSchema, 'Accepted: the job runs in the background'), ...errorResponses, ...uploadErrors },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertMayImport(actor);
      const { config } = c.get('deps');
      const upload = await spoolUpload(c.req.raw, config.maxUploadBytes, c.req.valid('query').fileName ?? null);
      return c.json(await startDeliveryImport(c.get('deps'), actor, upload), 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['imports'], summary: 'Past and running import jobs, newest first (operations, admin)',
      request: { query: ImportListQuery },
      responses: { 200: json(ImportJobListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listImportsFor(c.get('db'), actorOf(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['imports'], summary: 'An import job: status, progress, counts, time taken',
      request: { params: IdParams },
      responses: { 200: json(ImportJobSchema), ...errorResponses },
    }),
    async (c) => c.json(await getImport(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/errors', tags: ['imports'], summary: 'Rejected rows of a job: line, column, value, message',
      request: { params: IdParams, query: PageQuery },
      responses: { 200: json(ImportRowErrorListSchema), ...errorResponses },
    }),
    async (c) => c.json(await listImportErrors(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/errors.csv', tags: ['imports'], summary: 'Rejected rows of a job as a CSV download',
      request: { params: IdParams },
      responses: { 200: { description: 'CSV (UTF-8 with BOM)', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const { fileName, chunks } = await importErrorsCsv(c.get('db'), actorOf(c), c.req.valid('param').id);
      const bytes = async function* () {
        for await (const chunk of chunks) yield new TextEncoder().encode(chunk);
      };
      const body = Readable.toWeb(Readable.from(bytes(), { objectMode: false })) as unknown as ReadableStream;
      return new Response(body, { status: 200, headers: csvHeaders(fileName) }) as never;
    },
  );
