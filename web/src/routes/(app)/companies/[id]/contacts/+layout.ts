import { loadPeople, or404 } from '$lib/analytics/people-load';

export async function load({ parent }) {
  const { company } = await parent();
  return or404(loadPeople(company.id));
}
