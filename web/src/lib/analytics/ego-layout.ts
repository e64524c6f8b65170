/** Input of the ego network: one company and its pair neighbours. */
export interface EgoNode {
  id: number;
  name: string;
  /** churn probability p (0..1) */
  risk: number;
}

export interface EgoNeighbour extends EgoNode {
  /** the neighbour's side of the pair: 'shipper' when it ships to the centre, 'consignee' when it receives from it */
  side: 'shipper' | 'consignee';
  /** w: share of the centre's deliveries that ran on this pair (0..1) */
  weight: number;
}

export interface PlacedNode extends EgoNode {
  x: number;
  y: number;
  r: number;
}

export interface PlacedEdge {
  id: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  weight: number;
  side: 'shipper' | 'consignee';
}

export interface EgoLayout {
  width: number;
  height: number;
  centre: PlacedNode;
  nodes: Array<PlacedNode & { side: 'shipper' | 'consignee'; weight: number }>;
  edges: PlacedEdge[];
}

export const MAX_EDGE_WIDTH = 12;
export const MIN_EDGE_WIDTH = 1;

/** Edge stroke width for a pair weight: proportional, never invisible. */
export function edgeWidth(weight: number): number {
  const w = Number.isFinite(weight) ? Math.min(1, Math.max(0, weight)) : 0;
  return MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * w;
}

/**
 * Radial layout: the company at the centre, the shippers that send to it on the left half,
 * the consignees it sends to on the right half, each side spread evenly over an arc,
 * heaviest pairs nearest the horizontal axis.
 */
export function layoutEgo(centre: EgoNode, neighbours: EgoNeighbour[], width = 640, height = 420): EgoLayout {
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.min(width, height) / 2 - 48;
  const placedCentre: PlacedNode = { ...centre, x: cx, y: cy, r: 22 };
  const nodes: EgoLayout['nodes'] = [];
  for (const side of ['shipper', 'consignee'] as const) {
    const group = neighbours.filter((n) => n.side === side)
      .sort((a, b) => b.weight - a.weight || a.id - b.id);
    const n = group.length;
    const span = n > 1 ? Math.min(Math.PI * 0.85, 0.5 * n) : 0;
    // evenly spaced slots over the arc, the slots nearest the axis first
    const slots = Array.from({ length: n }, (_, k) => (n > 1 ? -span / 2 + (span * k) / (n - 1) : 0))
      .sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
    group.forEach((node, i) => {
      const offset = slots[i];
      const angle = side === 'shipper' ? Math.PI - offset : offset;
      nodes.push({
        ...node,
        x: round(cx + radius * Math.cos(angle)),
        y: round(cy + radius * Math.sin(angle)),
        r: 10 + 8 * Math.min(1, Math.max(0, node.weight)),
      });
    });
  }
  const edges: PlacedEdge[] = nodes.map((node) => ({
    id: node.id,
    x1: cx, y1: cy, x2: node.x, y2: node.y,
    width: edgeWidth(node.weight),
    weight: node.weight,
    side: node.side,
  }));
  return { width, height, centre: placedCentre, nodes, edges };
}

function round(v: number) {
  return Math.round(v * 10) / 10;
}
