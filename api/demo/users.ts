import type { DB } from '../../db/database';
import { hashPassword } from '../auth/secrets';

export const DEMO_PASSWORD = 'demo-password';

/** Staff logins of the demo set; client logins are added with the demo companies. */
export const DEMO_STAFF = [
  { email: 'admin@demo.local', name: 'Ada Admin 管理员', role: 'admin' },
  { email: 'manager@demo.local', name: 'Wang Li 王丽', role: 'manager' },
  { email: 'manager2@demo.local', name: 'Chen Tao 陈涛', role: 'manager' },
  { email: 'ops@demo.local', name: 'Zhao Min 赵敏', role: 'operations' },
] as const;

export async function seedStaff(db: DB) {
  const password_hash = await hashPassword(DEMO_PASSWORD);
  const ids: Record<string, number> = {};
  for (const staff of DEMO_STAFF) {
    const row = await db.insertInto('users').values({ ...staff, password_hash })
      .onConflict((oc) => oc.doNothing())
      .returning('id').executeTakeFirst();
    if (row) ids[staff.email] = row.id;
  }
  return ids;
}
