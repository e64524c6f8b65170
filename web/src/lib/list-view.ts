/**
 * A list page's view (filters, sort, page) as it lives in the URL's query string, like the service explorer's:
 * `parse` reads it (values the API would refuse fall back to the defaults), `search` writes it in the spec's
 * order without the defaults, so a link, a reload or "back" from a row's page restores the same view.
 *
 *   const VIEW = listView({ q: text(), role: oneOf(['', 'shipper', 'consignee']), page: pageNumber() });
 *   const view = VIEW.parse(page.url.searchParams);     // { q: '', role: '', page: 1 }
 *   goto(`?${VIEW.search({ ...view, role: 'shipper' })}`);
 */
type Field<T> = { read: (raw: string | null) => T; write: (value: T) => string | null };

/** Free text, trimmed, at most `max` characters; empty by default. */
export const text = (max = 200): Field<string> => ({
  read: (raw) => (raw ?? '').trim().slice(0, max),
  write: (value) => value.trim().slice(0, max) || null,
});

/** One of the listed values; the first is the default (left out of the URL). */
export const oneOf = <const V extends string>(values: readonly V[]): Field<V> => ({
  read: (raw) => (values.includes(raw as V) ? (raw as V) : values[0]),
  write: (value) => (value === values[0] || !values.includes(value) ? null : value),
});

/** A flag: present as `=1`, absent when off. */
export const flag = (): Field<boolean> => ({
  read: (raw) => raw === '1' || raw === 'true',
  write: (value) => (value ? '1' : null),
});

/** A page number from 1 (the default). */
export const pageNumber = (): Field<number> => ({
  read: (raw) => (raw && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1),
  write: (value) => (Number.isInteger(value) && value > 1 ? String(value) : null),
});

type ViewOf<S extends Record<string, Field<unknown>>> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

export function listView<S extends Record<string, Field<any>>>(spec: S) {
  const keys = Object.keys(spec) as (keyof S & string)[];
  const parse = (params: URLSearchParams): ViewOf<S> =>
    Object.fromEntries(keys.map((k) => [k, spec[k].read(params.get(k))])) as ViewOf<S>;
  const search = (view: ViewOf<S>): string => {
    const params = new URLSearchParams();
    for (const k of keys) {
      const value = spec[k].write(view[k]);
      if (value !== null) params.set(k, value);
    }
    return params.toString();
  };
  return { parse, search, defaults: parse(new URLSearchParams()) };
}
