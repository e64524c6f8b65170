import { describe, expect, it } from 'vitest';
import { edgeWidth, layoutEgo, MAX_EDGE_WIDTH, MIN_EDGE_WIDTH } from '../../web/src/lib/analytics/ego-layout';
import { riskBand, riskColour } from '../../web/src/lib/analytics/risk-colour';

describe('ego network layout', () => {
  const centre = { id: 1, name: 'Centre', risk: 0.3 };
  it('puts the company in the middle, shippers on the left and consignees on the right', () => {
    const layout = layoutEgo(centre, [
      { id: 2, name: 'S', risk: 0.1, side: 'shipper', weight: 0.4 },
      { id: 3, name: 'C', risk: 0.9, side: 'consignee', weight: 0.6 },
    ], 600, 400);
    expect(layout.centre).toMatchObject({ x: 300, y: 200 });
    const s = layout.nodes.find((n) => n.id === 2)!;
    const c = layout.nodes.find((n) => n.id === 3)!;
    expect(s.x).toBeLessThan(300);
    expect(c.x).toBeGreaterThan(300);
    expect(s.y).toBe(200);
    expect(c.y).toBe(200);
  });

  it('draws one edge per neighbour from the centre, wider for heavier pairs', () => {
    const layout = layoutEgo(centre, [
      { id: 2, name: 'a', risk: 0, side: 'consignee', weight: 0.1 },
      { id: 3, name: 'b', risk: 0, side: 'consignee', weight: 0.8 },
    ]);
    expect(layout.edges).toHaveLength(2);
    const light = layout.edges.find((e) => e.id === 2)!;
    const heavy = layout.edges.find((e) => e.id === 3)!;
    expect(heavy.width).toBeGreaterThan(light.width);
    expect(light.x1).toBe(layout.centre.x);
  });

  it('places the heaviest pair on the axis and spreads the others without overlap', () => {
    const neighbours = [0.1, 0.5, 0.3, 0.2].map((weight, i) => ({ id: i + 10, name: `n${i}`, risk: 0, side: 'consignee' as const, weight }));
    const layout = layoutEgo(centre, neighbours, 640, 420);
    const positions = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
    expect(positions.size).toBe(4);
    const heaviest = layout.nodes.find((n) => n.id === 11)!;
    const others = layout.nodes.filter((n) => n.id !== 11);
    for (const o of others) expect(Math.abs(heaviest.y - 210)).toBeLessThanOrEqual(Math.abs(o.y - 210));
  });

  it('maps weight 0 and 1 to the thinnest and widest edge', () => {
    expect(edgeWidth(0)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(1)).toBe(MAX_EDGE_WIDTH);
    expect(edgeWidth(2)).toBe(MAX_EDGE_WIDTH);
    expect(edgeWidth(Number.NaN)).toBe(MIN_EDGE_WIDTH);
  });
});

describe('risk colour', () => {
  it('goes from green through amber to red', () => {
    expect(riskColour(0)).toBe('rgb(46, 160, 67)');
    expect(riskColour(0.5)).toBe('rgb(230, 160, 20)');
    expect(riskColour(1)).toBe('rgb(207, 34, 46)');
    expect(riskColour(-1)).toBe(riskColour(0));
  });
  it('bands risk as low, medium and high', () => {
    expect(riskBand(0.1)).toBe('low');
    expect(riskBand(0.2)).toBe('medium');
    expect(riskBand(0.5)).toBe('high');
  });
});

describe('ego network from the churn API', async () => {
  const { egoFromChurn } = await import('../../web/src/lib/analytics/ego-data');
  it('takes the centre from the node marked centre and each neighbour’s weight from its edge', () => {
    const ego = egoFromChurn({
      companyId: 1, name: 'Centre', risk: 0.4,
      ego: {
        nodes: [
          { id: 1, name: 'Centre Co', risk: 0.4, centre: true, side: null },
          { id: 2, name: 'Ships to it', risk: 0.1, centre: false, side: 'shipper' },
          { id: 3, name: 'Both ways', risk: null, centre: false, side: 'both' },
        ],
        edges: [
          { neighbourId: 2, pairIds: [10], weight: 0.7, neighbourWeight: 0.2, shipments12m: 70 },
          { neighbourId: 3, pairIds: [11, 12], weight: 0.3, neighbourWeight: 0.9, shipments12m: 30 },
        ],
      },
    });
    expect(ego.centre).toEqual({ id: 1, name: 'Centre Co', risk: 0.4 });
    expect(ego.neighbours).toEqual([
      { id: 2, name: 'Ships to it', risk: 0.1, side: 'shipper', weight: 0.7 },
      { id: 3, name: 'Both ways', risk: 0, side: 'consignee', weight: 0.3 },
    ]);
  });
});
