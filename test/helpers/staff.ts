import { beforeAll } from 'vitest';
import { newUser, type TestUser } from './factories';
import type { TestContext } from './test-app';

export interface Staff {
  admin: TestUser;
  manager: TestUser;
  ops: TestUser;
}

/**
 * An admin, an account manager and an operations user for a test file, signed up before its tests:
 * `const { admin, manager, ops } = useStaff(t);` (the objects are filled in by the file's beforeAll).
 */
export function useStaff(t: TestContext, manager: { name?: string } = {}): Staff {
  const staff: Staff = { admin: {} as TestUser, manager: {} as TestUser, ops: {} as TestUser };
  beforeAll(async () => {
    Object.assign(staff.admin, await newUser(t.db, 'admin'));
    Object.assign(staff.manager, await newUser(t.db, 'manager', manager));
    Object.assign(staff.ops, await newUser(t.db, 'operations'));
  });
  return staff;
}
