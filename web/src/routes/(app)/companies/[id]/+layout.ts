// The company of every /companies/[id] page; another tenant's company (or none) is the 404 page.
import { error } from '@sveltejs/kit';
import { api, ApiError } from '$lib/api';
import type { CompanyDetail } from '$lib/analytics/types';

export async function load({ params, parent, depends }) {
  await parent();
  depends('app:company'); // invalidate('app:company') reloads it after an archive or unarchive
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) error(404, 'Not found');
  try {
    return { company: await api.get<CompanyDetail>(`/companies/${id}`) };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, 'Not found');
    throw e;
  }
}
