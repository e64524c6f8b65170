/** Shapes of the users and API tokens APIs, from the generated API types. */
import type { Role } from '$lib/session.svelte';
import type { Schemas } from '../api/types';

export const ROLES: Role[] = ['admin', 'manager', 'operations', 'client'];

export type User = Schemas['User'];
export type ApiToken = Schemas['ApiToken'];
