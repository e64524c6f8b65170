import { requireRole } from '$lib/guard';

export const load = requireRole('admin', 'manager', 'operations');
