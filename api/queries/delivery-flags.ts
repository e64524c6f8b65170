import { sql, type RawBuilder } from 'kysely';
import { DEFAULT_EXCUSED_CAUSES } from '../domain/exception-causes';

const DEFAULT_EXCUSED = [...DEFAULT_EXCUSED_CAUSES];

/**
 * What a delivery counts as in the service KPIs (DESIGN.md §5), as SQL over a delivery `d` and its contract's
 * grace, early tolerance and excused causes (null without a contract). The rollups and the drill-down to the
 * deliveries behind a figure both use these, so a listed delivery is one the figure counted.
 */
export interface ContractTerms { grace: RawBuilder<unknown>; early: RawBuilder<unknown>; excusedCauses: RawBuilder<unknown> }

export function deliveryFlags(d: string, c: ContractTerms) {
  const col = (name: string) => sql.raw(`${d}.${name}`);
  const isDue = sql<boolean>`(${col('status')} <> 'cancelled' and ${col('promised_at')} <= now())`;
  const isDelivered = sql<boolean>`(${col('status')} = 'delivered' and ${col('delivered_at')} is not null)`;
  const inWindow = sql<boolean>`(${col('delivered_at')} <= ${col('promised_at')} + make_interval(mins => coalesce(${c.grace}, 0))
    and (${c.early} is null or ${col('delivered_at')} >= ${col('promised_at')} - make_interval(mins => ${c.early})))`;
  const full = sql<boolean>`(${col('pieces_delivered')} = ${col('pieces_expected')})`;
  const excused = sql<boolean>`coalesce(${col('exception_cause')} = any(coalesce(${c.excusedCauses}, ${sql.val(DEFAULT_EXCUSED)}::text[])), false)`;
  return { isDue, isDelivered, inWindow, full, excused };
}

/** The terms read from a joined contract row `c`. */
export const joinedTerms = (c: string): ContractTerms => ({
  grace: sql.raw(`${c}.grace_minutes`), early: sql.raw(`${c}.early_tolerance_minutes`), excusedCauses: sql.raw(`${c}.excused_causes`),
});

/** The terms looked up from the delivery's contract (no join needed). */
export const lookedUpTerms = (d: string): ContractTerms => {
  const of = (column: string) => sql.raw(`(select k.${column} from contracts k where k.id = ${d}.contract_id)`);
  return { grace: of('grace_minutes'), early: of('early_tolerance_minutes'), excusedCauses: of('excused_causes') };
};

export type KpiMeasure = 'due' | 'delivered' | 'onTime' | 'inFull' | 'otif' | 'perfect';
export type KpiOutcome = 'all' | 'met' | 'failed' | 'excused';
export type KpiBasis = 'operational' | 'contractual';
export interface KpiSelection { measure: KpiMeasure; outcome: KpiOutcome; basis: KpiBasis }

/**
 * The deliveries a KPI figure counts: `all` its denominator (due; contractual: due and not excused), `met` its
 * numerator, `failed` the rest of the denominator, `excused` the due deliveries the contract excuses.
 */
export function kpiCondition(d: string, s: KpiSelection): RawBuilder<boolean> {
  const f = deliveryFlags(d, lookedUpTerms(d));
  const damaged0 = sql<boolean>`(${sql.raw(`${d}.damaged_pieces`)} = 0)`;
  const met: Record<KpiMeasure, RawBuilder<boolean>> = {
    due: sql<boolean>`true`,
    delivered: f.isDelivered,
    onTime: sql<boolean>`(${f.isDelivered} and ${f.inWindow})`,
    inFull: sql<boolean>`(${f.isDelivered} and ${f.full})`,
    otif: sql<boolean>`(${f.isDelivered} and ${f.inWindow} and ${f.full})`,
    perfect: sql<boolean>`(${f.isDelivered} and ${f.inWindow} and ${f.full} and ${damaged0})`,
  };
  if (s.outcome === 'excused') return sql<boolean>`(${f.isDue} and ${f.excused})`;
  const base = s.basis === 'contractual' ? sql<boolean>`(${f.isDue} and not ${f.excused})` : f.isDue;
  if (s.outcome === 'all') return base;
  // a flag over a null (no delivered_at) is null: coalesce so "failed" keeps the undelivered
  const hit = sql<boolean>`coalesce(${met[s.measure]}, false)`;
  return s.outcome === 'met' ? sql<boolean>`(${base} and ${hit})` : sql<boolean>`(${base} and not ${hit})`;
}
