import type { DB } from '../../db/database';
import { buildWorld, type World } from '../security/world';
import { newDelivery, newPair, newUser, type TestUser } from './factories';

/**
 * The isolation world (test/security/world.ts) with the links that make a manager's reach and a client's
 * view interesting (DESIGN.md §8):
 * - A's consignee is managed by B's manager: for mgrA it is a counterpart (of pair A), for mgrB an own
 *   account whose shipper A is a counterpart;
 * - B's shipper also delivers to A's consignee (pair `third`): that business is neither side of mgrA's,
 *   so mgrA never sees it (no LEAKB text in any answer to mgrA);
 * - a client of A's consignee (cliC) reads A's contract as a covered consignee, never its terms.
 */
export interface ReachWorld extends World {
  consigneeClient: TestUser;
  third: { pairId: number; trackingNo: string };
}

export const REACH_ROLES = ['anon', 'admin', 'ops', 'mgrA', 'mgrB', 'cliA', 'cliC'] as const;
export type ReachRole = (typeof REACH_ROLES)[number];

export async function buildReachWorld(db: DB, timeZone = 'Asia/Shanghai'): Promise<ReachWorld> {
  const world = await buildWorld(db, timeZone);
  const { A, B } = world;
  await db.updateTable('companies').set({ account_manager_id: B.manager.id }).where('id', '=', A.consignee.id).execute();
  await db.updateTable('contracts').set({
    monthly_fee: 98765, credit_tiers: JSON.stringify([{ shortfall: 0.01, percent: 0.03 }]) as never, credit_cap_percent: 0.11,
  }).where('id', '=', A.contract.id).execute();
  const pair = await newPair(db, B.shipper.id, A.consignee.id);
  const trackingNo = `${B.marker}-THIRD-${pair.id}`;
  await newDelivery(db, B.shipper.id, A.consignee.id, { tracking_no: trackingNo, origin: `${B.marker} origin`, revenue: 4321, cost: 1234 } as never);
  const consigneeClient = await newUser(db, 'client', { companyId: A.consignee.id });
  return { ...world, consigneeClient, third: { pairId: pair.id, trackingNo } };
}

export function reachHeaders(world: ReachWorld, role: ReachRole): Record<string, string> {
  switch (role) {
    case 'anon': return {};
    case 'admin': return world.admin.headers;
    case 'ops': return world.operations.headers;
    case 'mgrA': return world.A.manager.headers;
    case 'mgrB': return world.B.manager.headers;
    case 'cliA': return world.A.client.headers;
    case 'cliC': return world.consigneeClient.headers;
  }
}
