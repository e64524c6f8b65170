/** The header's unread-alert count, shared so the inbox can refresh it after a change. */
import { api } from '$lib/api';

export const unread = $state<{ n: number | null }>({ n: null });

export async function refreshUnread(): Promise<void> {
  try {
    unread.n = (await api.get<{ unread: number }>('/alerts/unread-count')).unread;
  } catch {
    // the badge is a convenience: a failed count leaves the last one
  }
}
