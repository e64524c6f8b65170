import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context';
import { AppError, type ErrorDetail } from './errors';
import { isConnectionError } from '../db/connection-errors';
import { languageOf } from './i18n/language';
import { localizeError } from './i18n/localize-error';

const codeForStatus: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable', 429: 'too_many_requests',
};

/** Maps a database error to a client error where the client's input caused it. */
function fromDatabaseError(err: { code?: string; message?: string; detail?: string; constraint?: string }): AppError | null {
  if (isConnectionError(err)) return new AppError(503, 'database_unavailable', 'The database is unreachable; try again shortly.');
  const details: ErrorDetail[] = err.constraint ? [{ message: err.detail ?? err.message ?? '', constraint: err.constraint }] : [];
  switch (err.code) {
    case '23505': return new AppError(409, 'conflict', 'That would duplicate an existing record.', details);
    case '23503': return new AppError(409, 'conflict', 'That refers to, or is referred to by, another record.', details);
    case '23514': case '23502': return new AppError(400, 'validation_failed', 'A value is outside what is allowed.', details);
    // also text the database cannot store (22021, 22P05): the text guard refuses it first, this is the net below it
    case '22P02': case '22003': case '22007': case '22008': case '22001': case '22021': case '22P05':
      return new AppError(400, 'validation_failed', 'A value has the wrong form or size.', details);
    default: return null;
  }
}

export function toErrorResponse(err: unknown, c: Context<AppEnv>) {
  let appError: AppError | null = null;
  if (err instanceof AppError) appError = err;
  else if (err instanceof HTTPException) {
    const status = err.status;
    const message = status === 400 && /JSON/i.test(err.message) ? 'The body is not valid JSON.' : err.message || 'Request refused.';
    appError = new AppError(status as AppError['status'], codeForStatus[status] ?? 'error', message);
  } else if (err && typeof err === 'object') appError = fromDatabaseError(err as never);

  if (!appError || appError.status >= 500) {
    const level = appError ? 'warn' : 'error';
    c.get('deps').logger.log(level, 'request failed', {
      requestId: c.get('requestId'), error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
  }
  appError ??= new AppError(500, 'internal_error', `Something went wrong on our side (request ${c.get('requestId')}).`);
  const { message, details } = localizeError(appError, languageOf(c));
  return c.json(
    { error: { code: appError.code, message, details } },
    appError.status as ContentfulStatusCode,
  );
}
