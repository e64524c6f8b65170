/**
 * Zod's issues as the error shape's details: the field's path, zod's code (too_small, invalid_type, …),
 * the params a message needs (origin, minimum, format, …) and the English message. `messageKey` picks
 * the catalog's message (api/i18n/error-messages.ts) for a detail, which the error handler writes in the
 * request's language; a message a schema wrote itself stays the English text for codes the catalog lacks.
 */
import type { ErrorDetail } from './errors';

export interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
  code?: string;
  [key: string]: unknown;
}

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString().slice(0, 10) : v);
const PARAMS = ['origin', 'minimum', 'maximum', 'inclusive', 'format', 'expected', 'values', 'keys', 'divisor'] as const;

function paramsOf(issue: ZodIssueLike): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = {};
  for (const key of PARAMS) if (issue[key] !== undefined) params[key] = plain(issue[key]);
  if (issue.code === 'invalid_type' && /received (undefined|null)/.test(issue.message)) params.missing = true;
  if (issue.code === 'custom' && issue.params && typeof issue.params === 'object') Object.assign(params, issue.params);
  return Object.keys(params).length ? params : undefined;
}

export function zodDetails(issues: readonly ZodIssueLike[]): ErrorDetail[] {
  return issues.map((issue) => {
    const params = paramsOf(issue);
    return {
      path: issue.path.map(String).join('.') || '(root)',
      code: issue.code ?? 'invalid_value',
      ...(params ? { params } : {}),
      message: issue.message,
    };
  });
}

const EXPECTED: Record<string, string> = {
  number: 'expected_number', int: 'expected_integer', bigint: 'expected_integer', string: 'expected_text',
  boolean: 'expected_boolean', array: 'expected_list', object: 'expected_object',
};
const FORMATS: Record<string, string> = {
  date: 'invalid_date', datetime: 'invalid_datetime', email: 'invalid_email', url: 'invalid_url',
};
const kindOf = (o: unknown) => (o === 'string' ? 'text' : o === 'array' || o === 'set' ? 'list' : o === 'date' ? 'date' : 'number');

/** The catalog key for a detail's message: the code itself, or for zod's codes one picked by its params. */
export function messageKey(code: string, params: Record<string, unknown> = {}): string {
  switch (code) {
    case 'invalid_type':
      return params.missing ? 'required' : (EXPECTED[String(params.expected)] ?? 'expected_value');
    case 'too_small': {
      const kind = kindOf(params.origin);
      if (kind === 'text' && Number(params.minimum) === 1) return 'required';
      return `too_small_${kind}${kind === 'number' && params.inclusive === false ? '_exclusive' : ''}`;
    }
    case 'too_big': {
      const kind = kindOf(params.origin);
      return `too_big_${kind}${kind === 'number' && params.inclusive === false ? '_exclusive' : ''}`;
    }
    case 'invalid_format':
      return FORMATS[String(params.format)] ?? 'invalid_format';
    case 'invalid_value':
      return Array.isArray(params.values) && params.values.length ? 'invalid_choice' : 'invalid_value';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'custom':
      return typeof params.code === 'string' ? params.code : 'invalid_value';
    default:
      return code;
  }
}
