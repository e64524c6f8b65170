import { toCsv } from '../csv';
import type { ServiceKpis } from '../domain/service-kpis';
import type { Breach } from './compliance-service';
import type { ServiceReport } from './service-kpis-service';

type Column<T> = { header: string; value: (row: T) => unknown };

const KPI_COLUMNS: Column<ServiceKpis>[] = [
  { header: 'shipments', value: (r) => r.shipments },
  { header: 'due', value: (r) => r.due },
  { header: 'delivered', value: (r) => r.delivered },
  { header: 'on_time', value: (r) => r.onTime },
  { header: 'in_full', value: (r) => r.inFull },
  { header: 'otif', value: (r) => r.otif },
  { header: 'perfect', value: (r) => r.perfect },
  { header: 'on_time_rate', value: (r) => r.onTimeRate },
  { header: 'in_full_rate', value: (r) => r.inFullRate },
  { header: 'otif_rate', value: (r) => r.otifRate },
  { header: 'perfect_rate', value: (r) => r.perfectRate },
  { header: 'damage_rate', value: (r) => r.damageRate },
  { header: 'avg_transit_hours', value: (r) => r.avgTransitHours },
  { header: 'p95_transit_hours', value: (r) => r.p95TransitHours },
  { header: 'revenue', value: (r) => r.revenue },
  { header: 'cost', value: (r) => r.cost },
  { header: 'margin', value: (r) => r.margin },
  { header: 'excused', value: (r) => r.excused },
  { header: 'contractual_due', value: (r) => r.contractual.due },
  { header: 'contractual_on_time_rate', value: (r) => r.contractual.onTimeRate },
  { header: 'contractual_in_full_rate', value: (r) => r.contractual.inFullRate },
  { header: 'contractual_otif_rate', value: (r) => r.contractual.otifRate },
  { header: 'contractual_perfect_rate', value: (r) => r.contractual.perfectRate },
  { header: 'contractual_damage_rate', value: (r) => r.contractual.damageRate },
];

type Line = ServiceKpis & { side?: string; key: string; label: string };

/** One line per group and a closing 'total' line; with `side` for the two-sided company view. */
export function serviceReportCsv(reports: { side?: string; report: ServiceReport }[]): string {
  const lines: Line[] = reports.flatMap(({ side, report }) => [
    ...report.rows.map((row) => ({ ...row, side })),
    { ...report.total, side, key: 'total', label: 'total' },
  ]);
  const sided = reports.some((r) => r.side !== undefined);
  const columns: Column<Line>[] = [
    ...(sided ? [{ header: 'side', value: (r: Line) => r.side }] : []),
    { header: 'group', value: (r) => r.key },
    { header: 'label', value: (r) => r.label },
    ...KPI_COLUMNS,
  ];
  return toCsv(lines, columns);
}

export function complianceCsv(months: {
  month: string; state: string; kpis: ServiceKpis; verdict: string; breached: boolean; breaches: string[]; worstKpi: string | null;
  worstShortfall: number; creditPercent: number; creditAmount: number;
}[]): string {
  return toCsv(months, [
    { header: 'month', value: (m) => m.month },
    { header: 'state', value: (m) => m.state },
    { header: 'due', value: (m) => m.kpis.due },
    { header: 'on_time_rate', value: (m) => m.kpis.onTimeRate },
    { header: 'in_full_rate', value: (m) => m.kpis.inFullRate },
    { header: 'otif_rate', value: (m) => m.kpis.otifRate },
    { header: 'damage_rate', value: (m) => m.kpis.damageRate },
    { header: 'avg_transit_hours', value: (m) => m.kpis.avgTransitHours },
    { header: 'verdict', value: (m) => m.verdict },
    { header: 'breached', value: (m) => m.breached },
    { header: 'breaches', value: (m) => m.breaches.join(' ') },
    { header: 'worst_kpi', value: (m) => m.worstKpi },
    { header: 'worst_shortfall', value: (m) => m.worstShortfall },
    { header: 'credit_percent', value: (m) => m.creditPercent },
    { header: 'credit_amount', value: (m) => m.creditAmount },
    { header: 'excused', value: (m) => m.kpis.excused },
    { header: 'contractual_due', value: (m) => m.kpis.contractual.due },
    { header: 'contractual_on_time_rate', value: (m) => m.kpis.contractual.onTimeRate },
    { header: 'contractual_in_full_rate', value: (m) => m.kpis.contractual.inFullRate },
    { header: 'contractual_otif_rate', value: (m) => m.kpis.contractual.otifRate },
    { header: 'contractual_damage_rate', value: (m) => m.kpis.contractual.damageRate },
  ]);
}

export function breachesCsv(items: Breach[]): string {
  return toCsv(items, [
    { header: 'contract', value: (b) => b.contractCode },
    { header: 'shipper', value: (b) => b.shipperName },
    { header: 'month', value: (b) => b.month },
    { header: 'whole_month', value: (b) => b.wholeMonth },
    { header: 'state', value: (b) => b.state },
    { header: 'due', value: (b) => b.due },
    { header: 'breaches', value: (b) => b.breaches.join(' ') },
    { header: 'worst_kpi', value: (b) => b.worstKpi },
    { header: 'worst_shortfall', value: (b) => b.worstShortfall },
    { header: 'credit_percent', value: (b) => b.creditPercent },
    { header: 'credit_amount', value: (b) => b.creditAmount },
    { header: 'currency', value: (b) => b.currency },
    { header: 'on_time_rate', value: (b) => b.onTimeRate },
    { header: 'in_full_rate', value: (b) => b.inFullRate },
    { header: 'otif_rate', value: (b) => b.otifRate },
    { header: 'damage_rate', value: (b) => b.damageRate },
    { header: 'avg_transit_hours', value: (b) => b.avgTransitHours },
    { header: 'excused', value: (b) => b.excused },
  ]);
}
