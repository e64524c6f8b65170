import type { AlertThresholds } from '../thresholds';
import { pairWeightsAround } from '../../churn/pair-weight-queries';
import { livePairs, pairVolumes, type PairVolumeRow } from '../rule-queries';
import type { AlertCandidate, AlertRule } from '../rule';

export interface LivePair { id: number; shipperId: number; consigneeId: number; shipperName: string; consigneeName: string }

/**
 * The volume on a pair collapsing: its last 30 days against the 30-day average of the 90 days before fell by at
 * least the threshold share, on a pair that carried at least the minimum volume. Both sides hear of it (each
 * may be the one walking away); the alert names the other side and the volume exposed. Once per side and month.
 */
export function collapseFall(v: PairVolumeRow, t: Pick<AlertThresholds, 'volumeCollapseDrop' | 'volumeCollapseMinShipments'>): number | null {
  if (v.previous90 < t.volumeCollapseMinShipments) return null;
  const baseline = v.previous90 / 3;
  const fall = (baseline - v.recent30) / baseline;
  return fall >= t.volumeCollapseDrop - 1e-12 ? fall : null;
}

export function pairVolumeCollapse(
  pair: LivePair, v: PairVolumeRow, fall: number, side: 'shipper' | 'consignee', share: number, month: string,
): AlertCandidate {
  const companyId = side === 'shipper' ? pair.shipperId : pair.consigneeId;
  const company = side === 'shipper' ? pair.shipperName : pair.consigneeName;
  const partnerId = side === 'shipper' ? pair.consigneeId : pair.shipperId;
  const partner = side === 'shipper' ? pair.consigneeName : pair.shipperName;
  return {
    rule: 'pair_volume_collapse',
    causeKey: `pair_volume_collapse:pair=${pair.id}:company=${companyId}:${month}`,
    companyId,
    pairId: pair.id,
    severity: share >= 0.25 || fall >= 0.9 ? 'critical' : 'warning',
    period: month,
    params: { company, partner, fall: Math.round(fall * 1000) / 1000, recent30: v.recent30, share },
    evidence: {
      links: [
        { type: 'pair', id: pair.id, companyId, label: `${pair.shipperName} · ${pair.consigneeName}` },
        { type: 'company', id: partnerId, label: partner },
      ],
      facts: [
        { key: 'shipmentsLast30', value: v.recent30, unit: 'count' },
        { key: 'shipmentsPer30Before', value: Math.round((v.previous90 / 3) * 10) / 10, unit: 'count' },
        { key: 'volumeFall', value: Math.round(fall * 1000) / 1000, unit: 'ratio' },
        { key: 'pairShipments12m', value: v.shipments12m, unit: 'count' },
        { key: 'pairRevenue12m', value: v.revenue12m, unit: 'money' },
        { key: 'shareOfVolume', value: share, unit: 'ratio' },
      ],
    },
  };
}

export const pairVolumeCollapseRule: AlertRule = {
  id: 'pair_volume_collapse',
  triggers: ['import', 'nightly', 'manual'],
  async evaluate(ctx) {
    const pairs = await livePairs(ctx.db, ctx.companyIds);
    if (pairs.length === 0) return [];
    const key = (p: { shipperId: number; consigneeId: number }) => `${p.shipperId}:${p.consigneeId}`;
    const byKey = new Map(pairs.map((p) => [key(p), p]));
    const collapsed = (await pairVolumes(ctx.db, ctx.today))
      .flatMap((v) => {
        const pair = byKey.get(key(v));
        const fall = pair ? collapseFall(v, ctx.thresholds) : null;
        return pair && fall !== null ? [{ pair, v, fall }] : [];
      });
    if (collapsed.length === 0) return [];
    const weights = await pairWeightsAround(ctx.db, [...new Set(collapsed.flatMap((c) => [c.pair.shipperId, c.pair.consigneeId]))], ctx.today);
    const month = ctx.today.slice(0, 7);
    return collapsed.flatMap(({ pair, v, fall }) => (['shipper', 'consignee'] as const)
      .filter((side) => !ctx.companyIds || ctx.companyIds.includes(side === 'shipper' ? pair.shipperId : pair.consigneeId))
      .map((side) => pairVolumeCollapse(pair, v, fall, side,
        side === 'shipper' ? weights.weight(pair.shipperId, pair.consigneeId) : weights.weight(pair.consigneeId, pair.shipperId), month)));
  },
};
