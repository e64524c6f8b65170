import { describe, expect, it } from 'vitest';
import { buildChurnGraph } from '../../api/churn/graph';
import { pairWeights } from '../../api/churn/pair-weight';

describe('churn pair graph', () => {
  it('weighs each pair by the share of each side’s deliveries, both directions of a dual-role pair together', () => {
    // 10 ships 6 to 20 and 4 to 30; 20 ships 2 back to 10 (20 is shipper and consignee).
    // Totals: 10 → 6 + 4 + 2 = 12; 20 → 6 + 2 = 8; 30 → 4.
    // Pair 10–20: 8 deliveries → w_10,20 = 8/12, w_20,10 = 8/8 = 1. Pair 10–30: w_10,30 = 4/12, w_30,10 = 1.
    const index = new Map([[10, 0], [20, 1], [30, 2]]);
    const g = buildChurnGraph([
      { shipperId: 10, consigneeId: 20, shipments: 6 },
      { shipperId: 10, consigneeId: 30, shipments: 4 },
      { shipperId: 20, consigneeId: 10, shipments: 2 },
    ], index);
    expect(g.companyA).toEqual([10, 10]);
    expect(g.companyB).toEqual([20, 30]);
    expect(Array.from(g.edges.a)).toEqual([0, 0]);
    expect(Array.from(g.edges.b)).toEqual([1, 2]);
    expect(g.edges.wab[0]).toBeCloseTo(8 / 12, 12);
    expect(g.edges.wba[0]).toBe(1);
    expect(g.edges.wab[1]).toBeCloseTo(4 / 12, 12);
    expect(g.edges.wba[1]).toBe(1);
  });

  it('counts deliveries with companies outside the graph in the total but makes no pair with them', () => {
    // 1 ships 3 to 2 and 1 to a terminated company 99: w_12 = 3/4.
    const g = buildChurnGraph([
      { shipperId: 1, consigneeId: 2, shipments: 3 },
      { shipperId: 1, consigneeId: 99, shipments: 1 },
    ], new Map([[1, 0], [2, 1]]));
    expect(g.edges.a.length).toBe(1);
    expect(g.edges.wab[0]).toBeCloseTo(0.75, 12);
    expect(g.edges.wba[0]).toBe(1);
  });

  it('ignores empty pairs and self-pairs', () => {
    const g = buildChurnGraph([
      { shipperId: 1, consigneeId: 1, shipments: 5 },
      { shipperId: 1, consigneeId: 2, shipments: 0 },
    ], new Map([[1, 0], [2, 1]]));
    expect(g.edges.a.length).toBe(0);
  });
});

describe('pairWeights (the one pair weight)', () => {
  it('is each side’s share of its deliveries as shipper or consignee, both directions of the pair together', () => {
    // 1 ships 6 to 2 and 4 to 3; 2 ships 2 back to 1 and 5 to itself (left out).
    // Totals: 1 → 12, 2 → 8. Between 1 and 2: 8 → w_12 = 8/12, w_21 = 1; w_31 = 1; unknown company → 0.
    const w = pairWeights([
      { shipperId: 1, consigneeId: 2, shipments: 6 }, { shipperId: 1, consigneeId: 3, shipments: 4 },
      { shipperId: 2, consigneeId: 1, shipments: 2 }, { shipperId: 2, consigneeId: 2, shipments: 5 },
    ]);
    expect(w.between(2, 1)).toBe(8);
    expect(w.weight(1, 2)).toBeCloseTo(8 / 12, 12);
    expect(w.weight(2, 1)).toBe(1);
    expect(w.weight(3, 1)).toBe(1);
    expect(w.weight(9, 1)).toBe(0);
  });
});
