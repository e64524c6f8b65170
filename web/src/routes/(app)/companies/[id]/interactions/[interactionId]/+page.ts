import { error } from '@sveltejs/kit';
import { api } from '$lib/api';
import { or404 } from '$lib/analytics/people-load';
import type { Interaction } from '$lib/analytics/types';

export async function load({ parent, params }) {
  const { company } = await parent();
  const id = Number(params.interactionId);
  if (!Number.isInteger(id) || id <= 0) error(404, 'Not found');
  return { interaction: await or404(api.get<Interaction>(`/companies/${company.id}/interactions/${id}`)) };
}
