/** Polls an import job until it has finished, reporting each state. Stops when the signal aborts. */
import { api } from '$lib/api';
import { isFinished, type ImportJob } from './types';

export async function pollImport(id: number, onUpdate: (job: ImportJob) => void, signal: AbortSignal, intervalMs = 400): Promise<ImportJob | null> {
  while (!signal.aborted) {
    const job = await api.get<ImportJob>(`/imports/${id}`, undefined, { signal });
    if (signal.aborted) return null;
    onUpdate(job);
    if (isFinished(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return null;
}
