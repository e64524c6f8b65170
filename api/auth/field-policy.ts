import type { Actor } from '../context';

/**
 * What a client never sees (DESIGN.md §8 "What a client never sees"), decided per answer shape and per view:
 * - provider: admin, manager, operations — everything;
 * - shipper: a client looking at its own business as the shipper (its contracts in full, its spend);
 * - party: a client looking at something of which it is not the shipper (a consignee under a shipper's
 *   contract, the service it receives) — the service levels that cover it, never the shipper's terms.
 * Every answer to a client (JSON and CSV) is built through `applyPolicy` / `policyColumns`; a forbidden
 * field is left out (not nulled), so an answer never carries it under any name listed here.
 */
export type View = 'provider' | 'shipper' | 'party';

/** The provider's own figures: cost, margin, profit and everything the provider decides with. */
const PROVIDER_FIGURES = [
  'cost', 'margin', 'marginRate', 'profit', 'profit12m', 'claimsPaid',
  'clv', 'clvPerpetual', 'retentionBudget', 'retention', 'retentionSource', 'advice', 'drivers',
  'churnRisk', 'churnProbability', 'churnRun', 'directRisk', 'cascadeRisk', 'revenueAtRisk',
  'abcClass', 'rank', 'cumulativeShare', 'shareOfWallet', 'estAnnualShipments',
] as const;

/** The shipper's business with the provider: its fee, credit terms and credits, its freight revenue, its other consignees. */
const SHIPPER_TERMS = [
  'monthlyFee', 'creditTiers', 'creditCapPercent', 'creditPercent', 'creditAmount', 'totalCredit', 'creditsOwed',
  'consigneeIds', 'revenue', 'revenue90d', 'revenue12m', 'shipperWeight',
] as const;

export type Shape =
  | 'serviceReport' | 'companyService' | 'compliance' | 'breach' | 'contract' | 'delivery'
  | 'company' | 'companyListItem' | 'pair' | 'review' | 'dispute' | 'statement' | 'claim';

type Rules = { shipper: readonly string[]; party: readonly string[] };
const both = (keys: readonly string[]): Rules => ({ shipper: keys, party: [...keys, ...SHIPPER_TERMS] });

/** Per shape: the fields left out of a client's answer, anywhere in it (nested rows, totals, months). */
export const FIELD_POLICY: Record<Shape, Rules> = {
  serviceReport: both(PROVIDER_FIGURES),
  companyService: both(PROVIDER_FIGURES),
  compliance: both(PROVIDER_FIGURES),
  breach: both(PROVIDER_FIGURES),
  contract: both(PROVIDER_FIGURES),
  delivery: both(PROVIDER_FIGURES),
  // a company's and a pair's notes are the account manager's own
  company: both([...PROVIDER_FIGURES, 'notes']),
  // the list's risk and revenue columns come from the churn run: the provider's, whoever the company is
  companyListItem: both([...PROVIDER_FIGURES, 'revenue12m', 'notes']),
  pair: both([...PROVIDER_FIGURES, 'notes']),
  review: both(PROVIDER_FIGURES),
  // a dispute is the shipper's (a party never reads one); a consignee's statement has no fee or credit
  dispute: both(PROVIDER_FIGURES),
  statement: both(PROVIDER_FIGURES),
  // a claim's amounts are the filing client's own; the provider's figures never
  claim: both(PROVIDER_FIGURES),
};

/** Every field some client view leaves out (the confidentiality matrix searches answers for them). */
export const CLIENT_FORBIDDEN = { shipper: [...PROVIDER_FIGURES], party: [...PROVIDER_FIGURES, ...SHIPPER_TERMS] } as const;

/**
 * The caller's view of an object whose shipper is `shipperId` (null/undefined: the object has no single
 * shipper, e.g. a report over the client's deliveries as either side — then a client gets the party view
 * unless it is known to be the shipper of everything in it).
 */
export function viewOf(actor: Actor, shipperId?: number | null): View {
  if (actor.role !== 'client') return 'provider';
  return shipperId != null && shipperId === actor.companyId ? 'shipper' : 'party';
}

export function hiddenFields(shape: Shape, view: View): ReadonlySet<string> {
  return view === 'provider' ? EMPTY : new Set(FIELD_POLICY[shape][view]);
}
const EMPTY: ReadonlySet<string> = new Set();

/** A copy of `value` without the fields the view may not see (at any depth). Provider views pass through untouched. */
export function applyPolicy<T>(shape: Shape, view: View, value: T): T {
  const hidden = hiddenFields(shape, view);
  return hidden.size === 0 ? value : (strip(value, hidden) as T);
}

/** `applyPolicy` for each item of a list, the view chosen per item from its shipper. */
export function applyPolicyEach<T>(actor: Actor, shape: Shape, items: T[], shipperOf: (item: T) => number | null | undefined): T[] {
  if (actor.role !== 'client') return items;
  return items.map((item) => applyPolicy(shape, viewOf(actor, shipperOf(item)), item));
}

function strip(value: unknown, hidden: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, hidden));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!hidden.has(k)) out[k] = strip(v, hidden);
  return out;
}

/** CSV columns name the answer field they show; a column whose field the view may not see is left out. */
export type PolicyColumn<T> = { header: string; field?: string; value: (row: T) => unknown };

export function policyColumns<T>(shape: Shape, view: View, columns: PolicyColumn<T>[]): PolicyColumn<T>[] {
  const hidden = hiddenFields(shape, view);
  return hidden.size === 0 ? columns : columns.filter((c) => !c.field || !hidden.has(c.field));
}

/**
 * The columns of a CSV whose rows have different shippers: a column stays when some row's view may see its
 * field (the rows themselves went through `applyPolicyEach`, so the other rows' cells are empty).
 */
export function policyColumnsEach<T>(actor: Actor, shape: Shape, columns: PolicyColumn<T>[], shipperIds: readonly (number | null | undefined)[]): PolicyColumn<T>[] {
  if (actor.role !== 'client') return columns;
  const views = new Set<View>(shipperIds.length ? shipperIds.map((id) => viewOf(actor, id)) : ['party']);
  const hidden = [...views].map((v) => hiddenFields(shape, v));
  return columns.filter((c) => !c.field || hidden.some((h) => !h.has(c.field!)));
}
