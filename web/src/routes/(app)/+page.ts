// The start page sends each role to its own first page.
import { redirect } from '@sveltejs/kit';
import { homeFor, type Me } from '$lib/session.svelte';

export async function load({ parent }) {
  const { me } = (await parent()) as { me: Me };
  redirect(307, homeFor(me.role));
}
