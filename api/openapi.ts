import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { validationFailed } from './errors';
import { idParam } from './schemas/scalars';
import { zodDetails } from './zod-details';


/** A router for one resource; every validation failure becomes a 400 in the shared error shape. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const details = zodDetails(result.error.issues as never);
        const where = result.target === 'json' ? 'body' : result.target;
        throw validationFailed(
          `Invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
          details,
        );
      }
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.array(z.object({ path: z.string().optional(), message: z.string() }).passthrough()),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error responses every authenticated route can give. */
export const errorResponses = {
  400: errorResponse('Invalid input'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Role not allowed'),
  404: errorResponse('Not found, or not yours to see'),
} as const;

export const IdParams = z.object({
  id: idParam('id'),
});

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
});

export function pageMeta(page: number, pageSize: number, total: number) {
  return { page, pageSize, total, pages: Math.ceil(total / pageSize) };
}

export const PageMetaSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
});

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export { z };
