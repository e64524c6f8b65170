// The auth guard of every signed-in page: no session → the login page, back here afterwards.
import { redirect } from '@sveltejs/kit';
import { loadMe } from '$lib/session.svelte';

export async function load({ url }) {
  const me = await loadMe();
  if (!me) redirect(307, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  return { me };
}
