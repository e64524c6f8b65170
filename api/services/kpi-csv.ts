import { toCsv } from '../csv';
import type { Actor } from '../context';
import { policyColumns, policyColumnsEach, type PolicyColumn, type View } from '../auth/field-policy';
import type { ServiceKpis } from '../domain/service-kpis';
import type { Breach } from './compliance-service';
import type { ServiceReport } from './service-kpis-service';

type Column<T> = PolicyColumn<T>;

const KPI_COLUMNS: Column<ServiceKpis>[] = [
  { header: 'shipments', field: 'shipments', value: (r) => r.shipments },
  { header: 'due', field: 'due', value: (r) => r.due },
  { header: 'delivered', field: 'delivered', value: (r) => r.delivered },
  { header: 'on_time', field: 'onTime', value: (r) => r.onTime },
  { header: 'in_full', field: 'inFull', value: (r) => r.inFull },
  { header: 'otif', field: 'otif', value: (r) => r.otif },
  { header: 'perfect', field: 'perfect', value: (r) => r.perfect },
  { header: 'on_time_rate', field: 'onTimeRate', value: (r) => r.onTimeRate },
  { header: 'in_full_rate', field: 'inFullRate', value: (r) => r.inFullRate },
  { header: 'otif_rate', field: 'otifRate', value: (r) => r.otifRate },
  { header: 'perfect_rate', field: 'perfectRate', value: (r) => r.perfectRate },
  { header: 'damage_rate', field: 'damageRate', value: (r) => r.damageRate },
  { header: 'avg_transit_hours', field: 'avgTransitHours', value: (r) => r.avgTransitHours },
  { header: 'p95_transit_hours', field: 'p95TransitHours', value: (r) => r.p95TransitHours },
  { header: 'revenue', field: 'revenue', value: (r) => r.revenue },
  { header: 'cost', field: 'cost', value: (r) => r.cost },
  { header: 'margin', field: 'margin', value: (r) => r.margin },
  { header: 'excused', field: 'excused', value: (r) => r.excused },
  { header: 'contractual_due', field: 'contractual', value: (r) => r.contractual.due },
  { header: 'contractual_on_time_rate', field: 'contractual', value: (r) => r.contractual.onTimeRate },
  { header: 'contractual_in_full_rate', field: 'contractual', value: (r) => r.contractual.inFullRate },
  { header: 'contractual_otif_rate', field: 'contractual', value: (r) => r.contractual.otifRate },
  { header: 'contractual_perfect_rate', field: 'contractual', value: (r) => r.contractual.perfectRate },
  { header: 'contractual_damage_rate', field: 'contractual', value: (r) => r.contractual.damageRate },
];

type Line = ServiceKpis & { side?: string; key: string; label: string };

/** One line per group and a closing 'total' line; with `side` for the two-sided company view. */
export function serviceReportCsv(reports: { side?: string; report: ServiceReport }[], view: View = 'provider'): string {
  const lines: Line[] = reports.flatMap(({ side, report }) => [
    ...report.rows.map((row) => ({ ...row, side })),
    { ...report.total, side, key: 'total', label: 'total' },
  ]);
  const sided = reports.some((r) => r.side !== undefined);
  const columns: Column<Line>[] = [
    ...(sided ? [{ header: 'side', field: 'side', value: (r: Line) => r.side }] : []),
    { header: 'group', field: 'group', value: (r) => r.key },
    { header: 'label', field: 'label', value: (r) => r.label },
    ...KPI_COLUMNS,
  ];
  return toCsv(lines, policyColumns('serviceReport', view, columns));
}

export function complianceCsv(months: {
  month: string; state: string; kpis: ServiceKpis; verdict: string; breached: boolean; breaches: string[]; worstKpi: string | null;
  worstShortfall: number; creditPercent: number; creditAmount: number;
}[], view: View = 'provider'): string {
  return toCsv(months, policyColumns('compliance', view, [
    { header: 'month', field: 'month', value: (m) => m.month },
    { header: 'state', field: 'state', value: (m) => m.state },
    { header: 'due', field: 'due', value: (m) => m.kpis.due },
    { header: 'on_time_rate', field: 'onTimeRate', value: (m) => m.kpis.onTimeRate },
    { header: 'in_full_rate', field: 'inFullRate', value: (m) => m.kpis.inFullRate },
    { header: 'otif_rate', field: 'otifRate', value: (m) => m.kpis.otifRate },
    { header: 'damage_rate', field: 'damageRate', value: (m) => m.kpis.damageRate },
    { header: 'avg_transit_hours', field: 'avgTransitHours', value: (m) => m.kpis.avgTransitHours },
    { header: 'verdict', field: 'verdict', value: (m) => m.verdict },
    { header: 'breached', field: 'breached', value: (m) => m.breached },
    { header: 'breaches', field: 'breaches', value: (m) => m.breaches.join(' ') },
    { header: 'worst_kpi', field: 'worstKpi', value: (m) => m.worstKpi },
    { header: 'worst_shortfall', field: 'worstShortfall', value: (m) => m.worstShortfall },
    { header: 'credit_percent', field: 'creditPercent', value: (m) => m.creditPercent },
    { header: 'credit_amount', field: 'creditAmount', value: (m) => m.creditAmount },
    { header: 'excused', field: 'excused', value: (m) => m.kpis.excused },
    { header: 'contractual_due', field: 'contractual', value: (m) => m.kpis.contractual.due },
    { header: 'contractual_on_time_rate', field: 'contractual', value: (m) => m.kpis.contractual.onTimeRate },
    { header: 'contractual_in_full_rate', field: 'contractual', value: (m) => m.kpis.contractual.inFullRate },
    { header: 'contractual_otif_rate', field: 'contractual', value: (m) => m.kpis.contractual.otifRate },
    { header: 'contractual_damage_rate', field: 'contractual', value: (m) => m.kpis.contractual.damageRate },
  ]));
}

export function breachesCsv(items: Breach[], actor: Actor): string {
  return toCsv(items, policyColumnsEach(actor, 'breach', [
    { header: 'contract', field: 'contract', value: (b) => b.contractCode },
    { header: 'shipper', field: 'shipper', value: (b) => b.shipperName },
    { header: 'month', field: 'month', value: (b) => b.month },
    { header: 'whole_month', field: 'wholeMonth', value: (b) => b.wholeMonth },
    { header: 'state', field: 'state', value: (b) => b.state },
    { header: 'due', field: 'due', value: (b) => b.due },
    { header: 'breaches', field: 'breaches', value: (b) => b.breaches.join(' ') },
    { header: 'worst_kpi', field: 'worstKpi', value: (b) => b.worstKpi },
    { header: 'worst_shortfall', field: 'worstShortfall', value: (b) => b.worstShortfall },
    { header: 'credit_percent', field: 'creditPercent', value: (b) => b.creditPercent },
    { header: 'credit_amount', field: 'creditAmount', value: (b) => b.creditAmount },
    { header: 'currency', field: 'currency', value: (b) => b.currency },
    { header: 'on_time_rate', field: 'onTimeRate', value: (b) => b.onTimeRate },
    { header: 'in_full_rate', field: 'inFullRate', value: (b) => b.inFullRate },
    { header: 'otif_rate', field: 'otifRate', value: (b) => b.otifRate },
    { header: 'damage_rate', field: 'damageRate', value: (b) => b.damageRate },
    { header: 'avg_transit_hours', field: 'avgTransitHours', value: (b) => b.avgTransitHours },
    { header: 'excused', field: 'excused', value: (b) => b.excused },
  ], items.map((b) => b.shipperId)));
}
