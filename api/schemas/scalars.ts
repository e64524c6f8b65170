import { z } from '@hono/zod-openapi';

/**
 * The scalars every route reads from a URL or a body, defined once: an id, a business date, a timestamp.
 */

/**
 * An id in a path or query: a positive whole number written plainly — no sign, spaces, exponent, hex or
 * leading zero (" 1", "1e3", "0x1F", "01" and "-1" are 400s, not other spellings of an id).
 */
export const Id = z.string()
  .regex(/^[1-9][0-9]{0,15}$/, 'A positive whole number, written without sign, spaces or leading zeros.')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), 'Too large to be an id.')
  .openapi({ type: 'string', pattern: '^[1-9][0-9]{0,15}$', example: '1' });

export const idParam = (name: string) => Id.openapi({ param: { name, in: 'path' } });

/** The years a date of the business may fall in: far enough for any contract or history, short of overflow. */
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';

const inBusinessYears = (value: string, ctx: z.RefinementCtx) => {
  const day = value.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return; // the format check has said what is wrong
  if (day < FIRST_DAY) ctx.addIssue({ code: 'too_small', origin: 'date', minimum: FIRST_DAY as never, inclusive: true, input: value, message: `No earlier than ${FIRST_DAY}.` });
  else if (day > LAST_DAY) ctx.addIssue({ code: 'too_big', origin: 'date', maximum: LAST_DAY as never, inclusive: true, input: value, message: `No later than ${LAST_DAY}.` });
};

/** A calendar day, 'YYYY-MM-DD', between 1900 and 2999. */
export const BusinessDate = z.iso.date('Use the form YYYY-MM-DD.').superRefine(inBusinessYears);

/** An ISO 8601 timestamp with an offset (or Z), between 1900 and 2999. */
export const Timestamp = z.iso.datetime({ offset: true, message: 'An ISO 8601 timestamp, e.g. 2026-11-25T09:30:00+08:00.' }).superRefine(inBusinessYears);
