import { resolve, type JsonSchema } from './routes';

/**
 * A small valid instance of a JSON schema (from the OpenAPI document): required fields only, ids
 * taken from `idFor` (the objects of the target tenant), strings unique per call, date ranges in order.
 * Not a general-purpose faker: it exists to make the *authorised* calls of the matrix succeed.
 */
export interface SampleContext {
  doc: unknown;
  idFor: (name: string) => number | string | undefined;
}

let counter = 0;
const DATE_START = '2026-03-01';
const DATE_END = '2026-03-31';

function pickType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null');
  return t;
}

export function sample(schema: JsonSchema, ctx: SampleContext, name = ''): unknown {
  let s = resolve(ctx.doc, schema);
  if (s.allOf) s = Object.assign({}, ...s.allOf.map((x: JsonSchema) => resolve(ctx.doc, x)));
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const nonNull = branches.map((b: JsonSchema) => resolve(ctx.doc, b)).find((b: JsonSchema) => b.type !== 'null');
    return sample(nonNull ?? branches[0], ctx, name);
  }
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum.find((v: unknown) => v !== null) ?? s.enum[0];
  const type = pickType(s) ?? (s.properties ? 'object' : undefined);
  if (type === 'integer' || type === 'number' || type === 'string') {
    const id = name ? ctx.idFor(name) : undefined;
    if (id !== undefined) return type === 'string' ? String(id) : id;
  }
  if (type === 'array' && /ids$/i.test(name)) {
    const id = ctx.idFor(name.replace(/s$/i, ''));
    if (id !== undefined) return [id];
  }
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, ctx, key);
      return out;
    }
    case 'array': {
      const n = s.minItems ?? 0;
      const item = resolve(ctx.doc, s.items ?? {});
      if (Array.isArray(item.enum)) return item.enum.slice(0, Math.max(n, 1));
      return Array.from({ length: n }, () => sample(item, ctx, name));
    }
    case 'integer': {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? Math.floor(s.exclusiveMinimum) + 1 : 1);
      return Math.min(Math.max(low, 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'number': {
      const low = s.minimum ?? s.exclusiveMinimum ?? 0;
      const high = s.maximum ?? s.exclusiveMaximum ?? low + 2;
      return (low + high) / 2;
    }
    case 'boolean':
      return true;
    case 'string': {
      const n = ++counter;
      const late = /(end|to|until|due)(date|at)?$/i.test(name);
      if (s.format === 'date' || /date$/i.test(name) && !s.format) return late ? DATE_END : DATE_START;
      if (s.format === 'date-time') return `${late ? DATE_END : DATE_START}T08:00:00.000Z`;
      if (s.format === 'email') return `sample${n}@example.com`;
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (/^(from|to|since|until)$/i.test(name)) return late ? DATE_END : DATE_START;
      if (/month$/i.test(name)) return '2026-03';
      if (/password/i.test(name)) return `Sample-password-${n}-long`;
      const text = `s${n}x`;
      return text.padEnd(s.minLength ?? 1, 'x').slice(0, s.maxLength ?? 64);
    }
    default:
      return {};
  }
}
