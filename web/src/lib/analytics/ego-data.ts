/** The ego network of the churn API as the drawing's input: the centre, and each neighbour with its side and pair weight. */
import type { EgoNeighbour, EgoNode } from './ego-layout';
import type { CompanyChurn } from './types';

export function egoFromChurn(churn: Pick<CompanyChurn, 'companyId' | 'name' | 'risk' | 'ego'>): { centre: EgoNode; neighbours: EgoNeighbour[] } {
  const weights = new Map(churn.ego.edges.map((e) => [e.neighbourId, e.weight]));
  const centreNode = churn.ego.nodes.find((n) => n.centre);
  const centre: EgoNode = { id: churn.companyId, name: centreNode?.name ?? churn.name, risk: centreNode?.risk ?? churn.risk };
  const neighbours: EgoNeighbour[] = churn.ego.nodes
    .filter((n) => !n.centre && n.id !== churn.companyId)
    .map((n) => ({
      id: n.id,
      name: n.name,
      risk: n.risk ?? 0,
      // a partner on both sides of the centre is drawn with the consignees
      side: n.side === 'shipper' ? 'shipper' : 'consignee',
      weight: weights.get(n.id) ?? 0,
    }));
  return { centre, neighbours };
}
