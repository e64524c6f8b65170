import { PageMetaSchema, PageQuery, z } from '../openapi';

export const ImportJobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  fileName: z.string().nullable(),
  bytesRead: z.number().int(),
  bytesTotal: z.number().int().nullable(),
  rowsProcessed: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int().openapi({ description: 'rows reported in the errors list' }),
  warnings: z.array(z.string()).openapi({ description: 'the first warnings (at most the setting import.kept.warnings)' }),
  warningsTotal: z.number().int().openapi({ description: 'every warning, kept or not' }),
  rowErrorsTotal: z.number().int().openapi({ description: 'every row error found (a rejected row may have several)' }),
  rowErrorsKept: z.number().int().openapi({ description: 'row errors stored, listed and downloadable (at most the setting import.kept.rowErrors)' }),
  capped: z.boolean().openapi({ description: 'fewer warnings or row errors were kept than were found' }),
  error: z.string().nullable().openapi({ description: 'why the whole file failed (missing columns, broken CSV)' }),
  durationMs: z.number().int().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
}).openapi('ImportJob');

export const ImportJobListSchema = z.object({ items: z.array(ImportJobSchema), meta: PageMetaSchema }).openapi('ImportJobList');

export const ImportRowErrorSchema = z.object({
  line: z.number().int().openapi({ description: 'file line (1 = header)' }),
  column: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
}).openapi('ImportRowError');

export const ImportRowErrorListSchema = z.object({ items: z.array(ImportRowErrorSchema), meta: PageMetaSchema }).openapi('ImportRowErrorList');

export const ImportListQuery = PageQuery;

export const UploadQuery = z.object({
  fileName: z.string().trim().min(1).max(255).optional().openapi({ description: 'name to show for a raw text/csv body' }),
});
