// The contract of every /contracts/[id] page; another tenant's contract (or none) is the 404 page.
import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/api';
import type { Contract } from '$lib/analytics/types';

export async function load({ params, parent, depends }) {
  await parent();
  depends('app:contract'); // invalidate('app:contract') reloads it after an archive or unarchive
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) error(404, 'Not found');
  try {
    return { contract: await api.get<Contract>(`/contracts/${id}`) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, 'Not found');
    throw e;
  }
}
