import type { DB } from '../../db/database';
import type { Actor } from '../context';
import { assertRole } from '../auth/scope';
import { hashPassword } from '../auth/secrets';
import { badRequest, conflict, notFound, validationFailed } from '../errors';
import { weakPassword } from '../auth/password-strength';
import { iso, isoRequired } from '../format';
import { findUserByEmail, findUserById, insertUser, listUsers, updateUser } from '../queries/users';
import { revokeUserSessions } from '../queries/sessions';
import { revokeUserTokens } from '../queries/api-tokens';
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

function assertStrongPassword(password: string, related: string[]) {
  const weak = weakPassword(password, related);
  if (weak) throw validationFailed(`Invalid body: password: ${weak.message}`, [weak]);
}

async function assertCompanyFitsRole(db: DB, role: Role, companyId: number | null | undefined) {
  if (role === 'client' && !companyId) throw badRequest('A client user needs a company.', [{ path: 'companyId', code: 'users.client_company', message: 'Required for the client role.' }], { key: 'users.client_company' });
  if (role !== 'client' && companyId) throw badRequest('Only client users belong to a company.', [{ path: 'companyId', code: 'users.staff_company', message: 'Only for the client role.' }], { key: 'users.staff_company' });
  if (companyId) {
    const company = await db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst();
    if (!company) throw badRequest('No such company.', [{ path: 'companyId', code: 'unknown_company', message: 'Unknown company.' }], { key: 'unknown_company' });
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
  assertStrongPassword(input.password, [input.email, input.name]);
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
  if (input.password !== undefined) assertStrongPassword(input.password, [before.email, input.name ?? before.name]);
  const role = input.role ?? before.role;
  const companyId = input.companyId !== undefined ? input.companyId : role === 'client' ? before.company_id : null;
  await assertCompanyFitsRole(db, role, companyId);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const after = await db.transaction().execute(async (trx) => {
    const changed = await updateUser(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      role,
      company_id: companyId,
      ...(input.disabled !== undefined && { disabled_at: input.disabled ? new Date() : null }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
    });
    if (input.disabled || input.role || input.password) await revokeUserSessions(trx, id);
    // a disabled user's scripts stop for good: enabling the user again does not bring their tokens back
    const revokedTokens = input.disabled ? (await revokeUserTokens(trx, id)).map((t) => t.id) : [];
    await recordAudit(trx, actor, 'update', 'user', id, { before: toUser(before), after: { ...toUser(changed!), ...(revokedTokens.length && { revokedTokens }) } });
    return changed;
  });
  return toUser(after!);
}
