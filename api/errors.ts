export interface ErrorDetail {
  path?: string;
  message: string;
  [key: string]: unknown;
}

/** A message of the catalog (api/i18n/error-messages.ts) that replaces the English one in the caller's language. */
export interface MessageKey {
  key: string;
  params?: Record<string, unknown>;
}

/** Every error a client sees is one of these, shaped once in onError. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly messageKey?: MessageKey,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = [], key?: MessageKey) =>
  new AppError(400, 'bad_request', message, details, key);
export const validationFailed = (message: string, details: ErrorDetail[], key?: MessageKey) =>
  new AppError(400, 'validation_failed', message, details, key);
export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role may not do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new AppError(409, 'conflict', message, details);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
