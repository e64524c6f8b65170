/** The trailing windows pair statistics are reported over, both ending on (and including) `today`. */
export function statsWindows(today: string) {
  const d = new Date(`${today}T00:00:00Z`);
  const from90 = new Date(d);
  from90.setUTCDate(from90.getUTCDate() - 89);
  const from12m = new Date(d);
  from12m.setUTCFullYear(from12m.getUTCFullYear() - 1);
  from12m.setUTCDate(from12m.getUTCDate() + 1);
  return { from90: from90.toISOString().slice(0, 10), from12m: from12m.toISOString().slice(0, 10), to: today };
}

export interface PairVolume {
  shipments90d: number;
  revenue90d: number;
  shipments12m: number;
  revenue12m: number;
}

/**
 * The two weights of a pair over 12 months: the share of the shipper's shipments that go to this
 * consignee, and the share of the consignee's inbound shipments that come from this shipper.
 * A side with no shipments at all gives a weight of 0 (nothing to lose through this pair).
 */
export function pairWeights(pairShipments: number, shipperTotal: number, consigneeInboundTotal: number) {
  return {
    shipperWeight: shipperTotal > 0 ? pairShipments / shipperTotal : 0,
    consigneeWeight: consigneeInboundTotal > 0 ? pairShipments / consigneeInboundTotal : 0,
  };
}
