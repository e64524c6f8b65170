import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { hashPassword } from '../auth/secrets';
import { badRequest, conflict, notFound } from '../errors';
import { iso, isoRequired } from '../format';
import { findUserByEmail, findUserById, insertUser, listUsers, updateUser } from '../queries/users';
import { revokeUserSessions } from '../queries/sessions';
import { recordAudit } from './audit';
import type { Role } from '../../db/tables/foundation';

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

export const toUser = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  companyId: u.company_id,
  disabled: u.disabled_at !== null,
  createdAt: isoRequired(u.created_at),
});

async function assertCompanyFitsRole(db: DB, role: Role, companyId: number | null | undefined) {
  if (role === 'client' && !companyId) throw badRequest('A client user needs a companyId.', [{ path: 'companyId', message: 'Required for the client role.' }]);
  if (role !== 'client' && companyId) throw badRequest('Only client users belong to a company.', [{ path: 'companyId', message: 'Only for the client role.' }]);
  if (companyId) {
    const company = await db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
    if (!company) throw badRequest('No such company.', [{ path: 'companyId', message: 'Unknown company.' }]);
  }
}

export async function listAllUsers(db: DB, actor: Actor) {
  assertRole(actor, 'admin');
  return (await listUsers(db)).map(toUser);
}

export async function createUser(
  db: DB,
  actor: Actor | null,
  input: { email: string; name: string; password: string; role: Role; companyId?: number | null },
) {
  if (actor) assertRole(actor, 'admin');
  await assertCompanyFitsRole(db, input.role, input.companyId);
  if (await findUserByEmail(db, input.email)) throw conflict(`A user with email ${input.email} already exists.`, [{ path: 'email', message: 'Already in use.' }]);
  const user = await insertUser(db, {
    email: input.email, name: input.name, role: input.role, company_id: input.companyId ?? null,
    password_hash: await hashPassword(input.password),
  });
  await recordAudit(db, actor, 'create', 'user', user.id, { after: toUser(user) });
  return toUser(user);
}

export async function changeUser(
  db: DB,
  actor: Actor,
  id: number,
  input: { name?: string; role?: Role; companyId?: number | null; disabled?: boolean; password?: string },
) {
  assertRole(actor, 'admin');
  const before = await findUserById(db, id);
  if (!before) throw notFound('User');
  if (id === actor.userId && (input.disabled || (input.role && input.role !== 'admin'))) {
    throw badRequest('You cannot disable yourself or remove your own admin role.');
  }
  const role = input.role ?? before.role;
  const companyId = input.companyId !== undefined ? input.companyId : role === 'client' ? before.company_id : null;
  await assertCompanyFitsRole(db, role, companyId);
  const after = await updateUser(db, id, {
    ...(input.name !== undefined && { name: input.name }),
    role,
    company_id: companyId,
    ...(input.disabled !== undefined && { disabled_at: input.disabled ? new Date() : null }),
    ...(input.password !== undefined && { password_hash: await hashPassword(input.password) }),
  });
  if (input.disabled || input.role || input.password) await revokeUserSessions(db, id);
  await recordAudit(db, actor, 'update', 'user', id, { before: toUser(before), after: toUser(after!) });
  return toUser(after!);
}
