import { DEMO_PASSWORD } from './browser';

type ApiSession = Awaited<ReturnType<typeof signIn>>;
const sessions = new Map<string, Promise<ApiSession>>();

/**
 * A signed-in API session for arranging test data over HTTP (cookie + CSRF), as the portal itself does.
 * One per user and server for the whole run: sign-ins are rate-limited per address.
 */
export function apiSession(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const key = `${baseURL} ${email}`;
  if (!sessions.has(key)) sessions.set(key, signIn(baseURL, email, password));
  return sessions.get(key)!;
}

async function signIn(baseURL: string, email: string, password: string) {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { user } = (await res.json()) as { user: { csrfToken: string; companyId: number | null } };
  return {
    user,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const send = () => fetch(`${baseURL}/api/v1${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': user.csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      // a GET is safe to repeat when a busy server closed the kept-alive connection as it was reused
      const r = method === 'GET' ? await send().catch(() => send()) : await send();
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    /** Uploads a delivery CSV as a raw body and waits for the import job to finish. */
    async importCsv(csv: string, fileName: string): Promise<{ id: number; status: string; inserted: number; rejected: number }> {
      const r = await fetch(`${baseURL}/api/v1/imports/deliveries?fileName=${encodeURIComponent(fileName)}`, {
        method: 'POST', headers: { cookie, 'x-csrf-token': user.csrfToken, 'content-type': 'text/csv' }, body: csv,
      });
      if (!r.ok) throw new Error(`import: ${r.status} ${await r.text()}`);
      let job = (await r.json()) as { id: number; status: string; inserted: number; rejected: number };
      while (job.status === 'queued' || job.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 300));
        job = await this.call('GET', `/imports/${job.id}`);
      }
      return job;
    },
  };
}
