/**
 * An error's texts in the caller's language: each detail's message from its code (a detail whose code
 * the catalog lacks keeps its English message, or reads "not valid" in Chinese), the summary from the
 * error's message key, or for a validation failure from its localized details.
 */
import type { AppError, ErrorDetail } from '../errors';
import { errorMessage } from './error-messages';
import type { Language } from './language';
import { messageKey } from '../zod-details';

/** zod's own codes, and the start of the messages zod writes when a schema gave none */
const ZOD_CODES = new Set(['invalid_type', 'too_small', 'too_big', 'invalid_format', 'not_multiple_of', 'invalid_value', 'unrecognized_keys', 'invalid_union', 'invalid_key', 'invalid_element', 'custom']);
const ZOD_DEFAULT = /^(Invalid (input|option|string|key|element|union|type)|Too (small|big)|Unrecognized key|Expected )/;

export function localizeDetail(detail: ErrorDetail, language: Language): ErrorDetail {
  const code = typeof detail.code === 'string' ? detail.code : undefined;
  const params = (detail.params ?? {}) as Record<string, unknown>;
  // a schema's own English message ("No spaces in a code.") says more than the catalog's general one
  if (language === 'en' && code && ZOD_CODES.has(code) && !ZOD_DEFAULT.test(detail.message)) return detail;
  const text = (code && errorMessage(language, messageKey(code, params), params)) ?? (language === 'en' ? detail.message : errorMessage(language, 'invalid_value'));
  return { ...detail, message: text ?? detail.message };
}

export function localizeError(error: AppError, language: Language): { message: string; details: ErrorDetail[] } {
  const details = error.details.map((d) => localizeDetail(d, language));
  if (error.messageKey) {
    const message = errorMessage(language, error.messageKey.key, error.messageKey.params);
    if (message) return { message, details };
  }
  if (error.code === 'validation_failed' && details.length > 0) {
    const fields = details.map((d) => `${d.path ?? ''}: ${d.message}`).join(language === 'zh' ? '；' : '; ');
    return { message: errorMessage(language, 'validation_failed', { fields }) ?? error.message, details };
  }
  return { message: error.message, details };
}
