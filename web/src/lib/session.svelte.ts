/** Who is signed in. Filled by the (app) layout's guard from GET /auth/me, or by the login form. */
import { api, ApiError, setCsrfToken } from './api';

export type Role = 'admin' | 'manager' | 'operations' | 'client';

export interface Me {
  id: number;
  email: string;
  name: string;
  role: Role;
  companyId: number | null;
  via: 'session' | 'token';
  csrfToken: string | null;
}

export const session = $state<{ user: Me | null }>({ user: null });

export function signedIn(user: Me): void {
  session.user = user;
  setCsrfToken(user.csrfToken);
}

/** The signed-in user, or null when the session is missing or expired. */
export async function loadMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/auth/me', undefined, { allow401: true });
    signedIn(me);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.user = null;
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.post('/auth/logout', undefined, { allow401: true });
  } finally {
    session.user = null;
    setCsrfToken(null);
  }
}

/** The roles that change account data (companies, pairs, contracts, people); the API answers 403 to the others. */
export const ACCOUNT_WRITERS: readonly Role[] = ['admin', 'manager'];

/**
 * Whether the signed-in user may see write actions (edit, archive, delete) on account pages. Given the
 * manager of the company concerned, as the API decides: an admin always, a manager for their own companies
 * and those nobody manages.
 */
export function canWriteAccounts(managedBy?: number | null, user: Me | null = session.user): boolean {
  if (!user || !ACCOUNT_WRITERS.includes(user.role)) return false;
  return user.role === 'admin' || managedBy === undefined || managedBy === null || managedBy === user.id;
}

/** The first page of each role after login. */
export function homeFor(role: Role): string {
  switch (role) {
    case 'operations': return '/import';
    case 'client': return '/my';
    default: return '/dashboard';
  }
}
