import type { DB, Executor } from '../../db/database';
import type { SavedViewList } from '../../db/tables/workbench';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { conflict, notFound, validationFailed } from '../errors';
import { isoRequired } from '../format';
import { recordAudit } from '../services/audit';
import type { Role } from '../../db/tables/foundation';

/** Who has each list in their portal (and so may keep views of it). */
export const LIST_ROLES: Record<SavedViewList, Role[]> = {
  companies: ['admin', 'manager'],
  churn: ['admin', 'manager'],
  contracts: ['admin', 'manager'],
  deliveries: ['admin', 'operations'],
};

type Row = { id: number; list: SavedViewList; name: string; search: string; created_at: Date; updated_at: Date };

const toView = (r: Row) => ({ id: Number(r.id), list: r.list, name: r.name, search: r.search, createdAt: isoRequired(r.created_at), updatedAt: isoRequired(r.updated_at) });

const nameTaken = (name: string) => conflict(`You already have a view named "${name}" on this list.`, [{ path: 'name', code: 'not_unique', message: 'Already in use on this list.' }]);

/** A list's view is its URL query: '' or '?a=1&b=2' (it is restored as location.search). */
export function normaliseSearch(search: string): string {
  if (search === '' || search === '?') return '';
  if (!search.startsWith('?')) throw validationFailed('A view is the query of the list\'s address, starting with "?".', [{ path: 'search', code: 'invalid_string', message: 'Must start with "?".' }]);
  const params = new URLSearchParams(search);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const select = (db: Executor) => db.selectFrom('saved_views').select(['id', 'list', 'name', 'search', 'created_at', 'updated_at']);

export async function listViews(db: DB, actor: Actor, list: SavedViewList) {
  assertRole(actor, ...LIST_ROLES[list]);
  const rows = await select(db).where('user_id', '=', actor.userId).where('list', '=', list).orderBy('name').execute();
  return { items: rows.map(toView) };
}

async function ownView(db: DB, actor: Actor, id: number) {
  const row = await select(db).where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!row) throw notFound('Saved view');
  return row;
}

async function assertNameFree(db: DB, actor: Actor, list: SavedViewList, name: string, except?: number) {
  const clash = await db.selectFrom('saved_views').select('id').where('user_id', '=', actor.userId).where('list', '=', list).where('name', '=', name)
    .$if(except !== undefined, (q) => q.where('id', '<>', except!)).executeTakeFirst();
  if (clash) throw nameTaken(name);
}

export async function createView(db: DB, actor: Actor, input: { list: SavedViewList; name: string; search: string }) {
  assertRole(actor, ...LIST_ROLES[input.list]);
  const search = normaliseSearch(input.search);
  await assertNameFree(db, actor, input.list, input.name);
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('saved_views').values({ user_id: actor.userId, list: input.list, name: input.name, search })
      .returning(['id', 'list', 'name', 'search', 'created_at', 'updated_at']).executeTakeFirstOrThrow();
    const view = toView(row);
    await recordAudit(trx, actor, 'create', 'saved_view', view.id, { after: view });
    return view;
  });
}

export async function changeView(db: DB, actor: Actor, id: number, input: { name?: string; search?: string }) {
  const row = await ownView(db, actor, id);
  const search = input.search === undefined ? undefined : normaliseSearch(input.search);
  if (input.name !== undefined) await assertNameFree(db, actor, row.list, input.name, id);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('saved_views').set({ ...(input.name !== undefined && { name: input.name }), ...(search !== undefined && { search }), updated_at: new Date() })
      .where('id', '=', id).execute();
    const after = toView((await select(trx).where('id', '=', id).executeTakeFirstOrThrow()));
    await recordAudit(trx, actor, 'update', 'saved_view', id, { before: toView(row), after });
    return after;
  });
}

export async function deleteView(db: DB, actor: Actor, id: number) {
  const row = await ownView(db, actor, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('saved_views').where('id', '=', id).execute();
    await recordAudit(trx, actor, 'delete', 'saved_view', id, { before: toView(row) });
  });
}
