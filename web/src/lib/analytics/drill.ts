/** The question a KPI figure answered (the filter and range of GET /analytics/service). */
export type DrillQuestion = { shipperId?: number; consigneeId?: number; contractId?: number; from: string; to: string };

/** The portal page listing the deliveries a figure counts. */
export function drillHref(q: DrillQuestion, kpi: string, outcome: string, basis = 'contractual'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null) params.set(k, String(v));
  params.set('kpi', kpi);
  params.set('outcome', outcome);
  params.set('basis', basis);
  return `/kpi-deliveries?${params}`;
}
