import { pick } from '$lib/analytics/people-load';

export async function load({ parent, params }) {
  const { departments } = await parent();
  return { department: pick(departments, params.departmentId) };
}
