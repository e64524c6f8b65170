/** A message for the user from any thrown value. */
import { ApiError } from './api';
import { t } from './i18n';

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network');
    if (e.status === 403) return t('error.forbidden');
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return t('state.error');
}

/** The API's message for one field of a failed write, if it named that field. */
export function fieldError(e: unknown, path: string): string | undefined {
  return e instanceof ApiError ? e.fieldError(path) : undefined;
}
