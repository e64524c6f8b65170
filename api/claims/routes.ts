import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { csvHeaders } from '../csv';
import { actorOf } from '../middleware/authenticate';
import { addAttachment, readAttachment } from './attachments';
import { claimsCsv } from './csv';
import {
  ClaimAttachmentParams, ClaimAttachmentSchema, ClaimDetailSchema, ClaimListQuery, ClaimListSchema, ClaimSettlementSchema,
  ClaimStatusChangeSchema, FileClaimSchema,
} from './schemas';
import { fileClaim, getClaim, listClaimsFor, moveClaim, settleClaim } from './service';

const EXPORT_LIMIT = 10_000;
const uploadErrors = {
  409: json(z.any(), 'Illegal status step, or the claim is past settling'),
  413: json(z.any(), 'File larger than the attachment limit'),
  415: json(z.any(), 'Not a JPEG, PNG or PDF (by its bytes), or not multipart'),
};

export const claimsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['claims'],
      summary: 'Claims (OS&D) you may see: a client those its company filed, a manager those of their reach, staff all; filter by status, kind, company; CSV with format=csv',
      request: { query: ClaimListQuery },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: ClaimListSchema }, 'text/csv': { schema: z.string() } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const actor = actorOf(c);
      if (q.format === 'csv') {
        const all = await listClaimsFor(c.get('db'), actor, { ...q, page: 1, pageSize: EXPORT_LIMIT });
        return c.body(claimsCsv(actor, all.items), 200, csvHeaders('claims.csv'));
      }
      return c.json(await listClaimsFor(c.get('db'), actor, q), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['claims'],
      summary: 'File a claim on deliveries you may see (a client on its own as shipper or consignee), all of one shipper; gets a task due at the response target',
      request: { body: jsonBody(FileClaimSchema) },
      responses: { 201: json(ClaimDetailSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await fileClaim(c.get('db'), actorOf(c), c.req.valid('json'), c.get('deps').config.businessTimeZone), 201),
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}', tags: ['claims'], summary: 'One claim with its deliveries, status history and attachments',
      request: { params: IdParams },
      responses: { 200: json(ClaimDetailSchema), ...errorResponses },
    }),
    async (c) => c.json(await getClaim(c.get('db'), actorOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/status', tags: ['claims'],
      summary: 'Move a claim one step: filed → acknowledged → investigating → approved / rejected; approved → paid (staff; 409 for any other step)',
      request: { params: IdParams, body: jsonBody(ClaimStatusChangeSchema) },
      responses: { 200: json(ClaimDetailSchema), ...errorResponses, 409: uploadErrors[409] },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await moveClaim(c.get('db'), actorOf(c), c.req.valid('param').id, body.status, body.note ?? null), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put', path: '/{id}/settlement', tags: ['claims'], summary: 'Set the settled amount (CNY) with a note, while the claim is worked (staff)',
      request: { params: IdParams, body: jsonBody(ClaimSettlementSchema) },
      responses: { 200: json(ClaimDetailSchema), ...errorResponses, 409: uploadErrors[409] },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await settleClaim(c.get('db'), actorOf(c), c.req.valid('param').id, body.amountSettled, body.note), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/attachments', tags: ['claims'],
      summary: 'Attach a photo or proof of delivery (multipart field "file"; JPEG, PNG or PDF by its bytes; size-limited)',
      request: {
        params: IdParams,
        body: {
          required: true,
          content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } },
        },
      },
      responses: { 201: json(ClaimAttachmentSchema, 'Stored'), ...errorResponses, 413: uploadErrors[413], 415: uploadErrors[415] },
    }),
    async (c) => {
      const { config } = c.get('deps');
      return c.json(await addAttachment(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.raw, config.attachmentsDir, config.maxAttachmentBytes), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/attachments/{attachmentId}', tags: ['claims'], summary: 'An attachment\'s file, to those who may see the claim',
      request: { params: ClaimAttachmentParams },
      responses: {
        200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id, attachmentId } = c.req.valid('param');
      const file = await readAttachment(c.get('db'), actorOf(c), id, attachmentId, c.get('deps').config.attachmentsDir);
      return c.body(new Uint8Array(file.bytes), 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
      });
    },
  );
