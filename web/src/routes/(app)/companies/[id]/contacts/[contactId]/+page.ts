import { pick } from '$lib/analytics/people-load';

export async function load({ parent, params }) {
  const { contacts } = await parent();
  return { contact: pick(contacts, params.contactId) };
}
