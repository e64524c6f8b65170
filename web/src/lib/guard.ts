/**
 * Role guard for a route's +layout.ts or +page.ts:
 *   export const load = requireRole('admin', 'manager');
 * A user of another role gets the 404 page (as the API answers for another tenant's objects).
 */
import { error } from '@sveltejs/kit';
import type { Me, Role } from './session.svelte';

export function requireRole(...roles: Role[]) {
  return async ({ parent }: { parent: () => Promise<Record<string, unknown>> }) => {
    const { me } = (await parent()) as { me: Me };
    if (!roles.includes(me.role)) error(404, 'Not found');
    return {};
  };
}
