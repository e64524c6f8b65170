/**
 * The service explorer's view (filters and grouping) as it lives in the page URL's query string:
 * parseView reads it (dropping what the API would refuse), viewSearch writes it in one fixed order,
 * so a link, a reload or back/forward restores the same view.
 */
export const GROUPS = ['none', 'month', 'week', 'day', 'shipper', 'consignee', 'contract', 'lane'] as const;
export type Group = (typeof GROUPS)[number];
export const DEFAULT_GROUP: Group = 'month';

export interface ServiceView {
  shipperId: string;
  consigneeId: string;
  contractId: string;
  origin: string;
  destination: string;
  from: string;
  to: string;
  groupBy: Group;
}

const FILTERS = ['shipperId', 'consigneeId', 'contractId', 'origin', 'destination', 'from', 'to'] as const;
const IDS = new Set(['shipperId', 'consigneeId', 'contractId']);
const DATES = new Set(['from', 'to']);

export const EMPTY_VIEW: ServiceView = {
  shipperId: '', consigneeId: '', contractId: '', origin: '', destination: '', from: '', to: '', groupBy: DEFAULT_GROUP,
};

function clean(key: (typeof FILTERS)[number], raw: string | null): string {
  const value = (raw ?? '').trim();
  if (IDS.has(key)) return /^[1-9]\d{0,15}$/.test(value) ? value : '';
  if (DATES.has(key)) return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
  return value.slice(0, 200);
}

export function parseView(params: URLSearchParams): ServiceView {
  const view = { ...EMPTY_VIEW };
  for (const key of FILTERS) view[key] = clean(key, params.get(key));
  const group = params.get('groupBy');
  view.groupBy = (GROUPS as readonly string[]).includes(group ?? '') ? (group as Group) : DEFAULT_GROUP;
  return view;
}

/** The query string of a view (without "?"): the filters that are set, then always the grouping. */
export function viewSearch(view: ServiceView): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = clean(key, view[key]);
    if (value) params.set(key, value);
  }
  params.set('groupBy', view.groupBy);
  return params.toString();
}

/** The API query of a view (GET /analytics/service). */
export function viewQuery(view: ServiceView): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const key of FILTERS) query[key] = view[key] || undefined;
  query.groupBy = view.groupBy;
  return query;
}
