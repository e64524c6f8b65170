import { businessDay } from '../../domain/business-day';
import { pairWeightsAround } from '../../churn/pair-weight-queries';
import { pairVolumes, terminatedPartners, type PairVolumeRow, type TerminatedPartnerRow } from '../rule-queries';
import type { AlertCandidate, AlertRule } from '../rule';

const DAY_MS = 86_400_000;

/**
 * Cascading churn: the other side of a pair has gone. The company keeps the pair's volume only if it acts
 * (about 30 days); the alert says who left and how much of the company's volume ran on the pair.
 * A pair that carried nothing in the last 12 months exposes nothing and raises nothing.
 */
export function partnerTerminated(row: TerminatedPartnerRow, volume: PairVolumeRow | undefined, share: number, timeZone: string): AlertCandidate | null {
  if (!volume || volume.shipments12m <= 0) return null;
  return {
    rule: 'partner_terminated',
    causeKey: `partner_terminated:pair=${row.pairId}:company=${row.companyId}`,
    companyId: row.companyId,
    pairId: row.pairId,
    severity: share >= 0.25 ? 'critical' : 'warning',
    period: null,
    params: { company: row.companyName, partner: row.partnerName, partnerRole: row.partnerRole, shipments: volume.shipments12m, share },
    evidence: {
      links: [
        { type: 'company', id: row.partnerId, label: row.partnerName },
        { type: 'pair', id: row.pairId, companyId: row.companyId, label: `${row.companyName} · ${row.partnerName}` },
      ],
      facts: [
        { key: 'terminatedOn', value: businessDay(row.terminatedAt, timeZone), unit: 'date' },
        { key: 'pairShipments12m', value: volume.shipments12m, unit: 'count' },
        { key: 'pairRevenue12m', value: volume.revenue12m, unit: 'money' },
        { key: 'shareOfVolume', value: share, unit: 'ratio' },
      ],
    },
  };
}

export const partnerTerminatedRule: AlertRule = {
  id: 'partner_terminated',
  triggers: ['import', 'nightly', 'manual'],
  async evaluate(ctx) {
    const since = new Date(ctx.now.getTime() - ctx.thresholds.partnerTerminatedDays * DAY_MS);
    const rows = await terminatedPartners(ctx.db, since, ctx.now, ctx.companyIds);
    if (rows.length === 0) return [];
    const sides = rows.map((r) => (r.partnerRole === 'consignee' ? { shipperId: r.companyId, consigneeId: r.partnerId } : { shipperId: r.partnerId, consigneeId: r.companyId }));
    const key = (p: { shipperId: number; consigneeId: number }) => `${p.shipperId}:${p.consigneeId}`;
    const volumes = new Map((await pairVolumes(ctx.db, ctx.today, sides)).map((v) => [key(v), v]));
    // the share of the surviving company's volume that ran with the partner: the pair weight (DESIGN.md §7)
    const weights = await pairWeightsAround(ctx.db, [...new Set(rows.map((r) => r.companyId))], ctx.today);
    return rows.flatMap((r, i) => {
      const volume = volumes.get(key(sides[i]));
      const share = weights.weight(r.companyId, r.partnerId);
      return partnerTerminated(r, volume, share, ctx.timeZone) ?? [];
    });
  },
};
