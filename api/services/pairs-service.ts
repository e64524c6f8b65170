import type { DB, Executor } from '../../db/database';
import { applyPolicy, viewOf } from '../auth/field-policy';
import type { Actor } from '../context';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { pageMeta } from '../openapi';
import type { CreatePairInput, PairListInput } from '../schemas/accounts';
import { findPairByCompanies, findPairById, insertPair, listPairs, pairVisible, updatePair, type PairRow } from '../queries/pairs';
import { pairKey, pairStats, type PairStats } from '../queries/pair-stats';
import { assertAccountsWriter, mayWritePair } from './account-access';
import { visibleCompanyIds } from '../auth/scope';
import { recordAudit } from './audit';

const toPair = (p: PairRow) => ({
  id: p.id,
  shipper: { id: p.shipper_id, code: p.shipper_code, name: p.shipper_name },
  consignee: { id: p.consignee_id, code: p.consignee_code, name: p.consignee_name },
  source: p.source,
  notes: p.notes,
  archivedAt: iso(p.archived_at),
  createdAt: isoRequired(p.created_at),
});

/**
 * Pairs in the response shape, each with its 90-day and 12-month volume, revenue and weights. A client sees
 * only its own side's weight: the partner's would tell how much the partner does with others.
 */
export async function withPairStats(db: Executor, actor: Actor, rows: readonly PairRow[], today: string) {
  const stats = await pairStats(db, rows.map((r) => ({ shipperId: r.shipper_id, consigneeId: r.consignee_id })), today);
  return rows.map((r) => {
    const s = stats.get(pairKey({ shipperId: r.shipper_id, consigneeId: r.consignee_id })) as PairStats;
    const canWrite = mayWritePair(actor, r.shipper_manager_id, r.consignee_manager_id);
    if (actor.role !== 'client') return { ...toPair(r), canWrite, stats: s };
    return applyPolicy('pair', viewOf(actor, r.shipper_id), {
      ...toPair(r),
      canWrite,
      stats: {
        ...s,
        shipperWeight: r.shipper_id === actor.companyId ? s.shipperWeight : null,
        consigneeWeight: r.consignee_id === actor.companyId ? s.consigneeWeight : null,
      },
    });
  });
}

async function findVisiblePair(db: Executor, actor: Actor, id: number) {
  const visible = await db.selectFrom('customer_pairs').select('id').where('id', '=', id)
    .where(pairVisible(db, actor))
    .executeTakeFirst();
  const row = visible && await findPairById(db, id);
  if (!row) throw notFound('Pair');
  return row;
}

/** A manager may change a pair when either side is managed by them; an admin always. Operations and clients only read. */
function assertPairWritable(actor: Actor, row: PairRow) {
  assertAccountsWriter(actor);
  if (!mayWritePair(actor, row.shipper_manager_id, row.consignee_manager_id)) {
    throw forbidden('You manage neither the shipper nor the consignee of this pair.');
  }
}

export async function getPair(db: DB, actor: Actor, id: number, today: string) {
  const row = await findVisiblePair(db, actor, id);
  return (await withPairStats(db, actor, [row], today))[0];
}

export async function listPairsFor(db: DB, actor: Actor, q: PairListInput, today: string) {
  const { rows, total } = await listPairs(db, actor, { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: await withPairStats(db, actor, rows, today), meta: pageMeta(q.page, q.pageSize, total) };
}

/**
 * The two companies of a new pair as the caller may name them. An admin names any company. A manager must
 * manage one side; the other may be theirs, one nobody manages, or one already in their view: another
 * manager's company out of view is as unknown as an id that does not exist, so the answer says nothing
 * about which companies exist, and pairing cannot pull a foreign company into view.
 */
async function pairParties(db: Executor, actor: Actor, input: CreatePairInput) {
  const visible = visibleCompanyIds(db, actor);
  const rows = await db.selectFrom('companies')
    .select(['id', 'is_shipper', 'is_consignee', 'account_manager_id'])
    .select((eb) => (visible ? eb('id', 'in', visible) : eb.lit(true)).$castTo<boolean>().as('in_view'))
    .where('id', 'in', [input.shipperId, input.consigneeId]).execute();
  if (actor.role === 'manager') {
    if (!rows.some((r) => r.account_manager_id === actor.userId)) throw forbidden('You manage neither the shipper nor the consignee of this pair.');
    return rows.filter((r) => r.account_manager_id === actor.userId || r.account_manager_id === null || r.in_view);
  }
  return rows;
}

export async function createPair(db: DB, actor: Actor, input: CreatePairInput, today: string) {
  assertAccountsWriter(actor);
  if (input.shipperId === input.consigneeId) {
    throw badRequest('A company cannot be paired with itself.', [{ path: 'consigneeId', code: 'pairs.self', message: 'Must differ from the shipper.' }], { key: 'pairs.self' });
  }
  const parties = await pairParties(db, actor, input);
  const shipper = parties.find((p) => p.id === input.shipperId);
  const consignee = parties.find((p) => p.id === input.consigneeId);
  if (!shipper) throw badRequest('No such shipper.', [{ path: 'shipperId', code: 'unknown_company', message: 'Unknown company.' }]);
  if (!consignee) throw badRequest('No such consignee.', [{ path: 'consigneeId', code: 'unknown_company', message: 'Unknown company.' }]);
  if (!shipper.is_shipper) throw badRequest('That company is not a shipper.', [{ path: 'shipperId', code: 'not_shipper', message: 'The company does not have the shipper role.' }], { key: 'not_shipper' });
  if (!consignee.is_consignee) throw badRequest('That company is not a consignee.', [{ path: 'consigneeId', code: 'not_consignee', message: 'The company does not have the consignee role.' }], { key: 'not_consignee' });
  const existing = await findPairByCompanies(db, input.shipperId, input.consigneeId);
  if (existing) {
    throw conflict(`The pair ${existing.shipper_code} → ${existing.consignee_code} already exists (pair ${existing.id}${existing.archived_at ? ', archived' : ''}).`, [{ path: 'consigneeId', message: 'Already paired with this shipper.' }]);
  }
  const created = await db.transaction().execute(async (trx) => {
    const row = await insertPair(trx, { shipper_id: input.shipperId, consignee_id: input.consigneeId, source: 'manual', notes: input.notes || null });
    await recordAudit(trx, actor, 'create', 'pair', row.id, { after: toPair(row) });
    return row;
  });
  return (await withPairStats(db, actor, [created], today))[0];
}

export async function changePair(db: DB, actor: Actor, id: number, patch: { notes?: string | null; archived?: boolean }, today: string) {
  assertAccountsWriter(actor);
  const before = await findVisiblePair(db, actor, id);
  assertPairWritable(actor, before);
  const action = patch.archived === true ? 'archive' : patch.archived === false ? 'unarchive' : 'update';
  const after = await db.transaction().execute(async (trx) => {
    const row = await updatePair(trx, id, {
      ...(patch.notes !== undefined && { notes: patch.notes || null }),
      ...(patch.archived !== undefined && { archived_at: patch.archived ? (before.archived_at ?? new Date()) : null }),
    });
    await recordAudit(trx, actor, action, 'pair', id, { before: toPair(before), after: toPair(row) });
    return row;
  });
  return (await withPairStats(db, actor, [after], today))[0];
}
