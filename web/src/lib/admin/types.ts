/** Shapes of the users and API tokens APIs (api/schemas/users.ts). */
import type { Role } from '$lib/session.svelte';

export const ROLES: Role[] = ['admin', 'manager', 'operations', 'client'];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  companyId: number | null;
  disabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revoked: boolean;
}
