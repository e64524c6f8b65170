/**
 * Mixed client traffic against a running product, tallied: every answer is either a success, a 503 in the
 * error shape (`database_unavailable`), or an "other" — a 500, a 503 without the shape, a refused
 * connection (the process is gone) or no answer within the hang bound.
 */
export interface Tally {
  requests: number;
  ok: number;
  unavailable: number;
  /** one line per answer that is neither */
  other: string[];
  /** the slowest answer, in ms */
  slowestMs: number;
}

export const newTally = (): Tally => ({ requests: 0, ok: 0, unavailable: 0, other: [], slowestMs: 0 });

export interface Client {
  base: string;
  headers: Record<string, string>;
  tally: Tally;
  /** a request that takes longer than this counts as a hang */
  hangBoundMs: number;
}

export interface Answer { status: number; body: any }

/** One request, tallied; resolves to its status and JSON body (status -1 when there was no answer). */
export async function hit(client: Client, method: string, path: string, body?: BodyInit, contentType = 'application/json'): Promise<Answer> {
  const started = performance.now();
  client.tally.requests++;
  let status = -1;
  let text = '';
  try {
    const res = await fetch(`${client.base}${path}`, {
      method, body, signal: AbortSignal.timeout(client.hangBoundMs),
      headers: { ...client.headers, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    text = (err as Error).name === 'TimeoutError' ? `no answer within ${client.hangBoundMs} ms` : String((err as Error).cause ?? err);
  }
  const ms = performance.now() - started;
  client.tally.slowestMs = Math.max(client.tally.slowestMs, ms);
  let parsed: any;
  try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  if (status >= 200 && status < 300) client.tally.ok++;
  else if (status === 503 && parsed?.error?.code === 'database_unavailable' && typeof parsed.error.message === 'string' && Array.isArray(parsed.error.details)) {
    client.tally.unavailable++;
  } else client.tally.other.push(`${method} ${path} → ${status} after ${Math.round(ms)} ms: ${text.slice(0, 200)}`);
  return { status, body: parsed };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `step` again and again until `running()` turns false. */
export async function loop(running: () => boolean, step: () => Promise<unknown>, pauseMs = 20) {
  while (running()) {
    await step();
    await pause(pauseMs);
  }
}

/** Polls an import job until it is no longer queued or running; null when it could not be read in time. */
export async function waitForJob(client: Client, id: number, running: () => boolean, forMs = 60_000): Promise<string | null> {
  const deadline = Date.now() + forMs;
  while (Date.now() < deadline) {
    const res = await hit(client, 'GET', `/api/v1/imports/${id}`);
    if (res.status === 200 && res.body.status !== 'queued' && res.body.status !== 'running') return res.body.status;
    if (!running() && res.status !== 200 && res.status !== 503) return null;
    await pause(200);
  }
  return null;
}
