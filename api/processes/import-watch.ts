import type { AppDeps } from '../context';
import { failInterruptedImportJobs } from '../queries/import-jobs';
import { runnerIsGone } from './runner';

/**
 * Every process watches the import jobs of all: a job whose heartbeat is older than IMPORT_STALE_SECONDS
 * (its process was killed, or lost its machine) or whose process on this host is gone is marked failed as
 * interrupted, with how to complete it. Runs at start and then at the heartbeat's pace.
 */
export function startImportWatch(deps: AppDeps): () => void {
  const { heartbeatSeconds, staleSeconds } = deps.config.imports;
  let busy = false;
  const check = async () => {
    if (busy) return;
    busy = true;
    try {
      const marked = await failInterruptedImportJobs(deps.handle.db, staleSeconds, runnerIsGone);
      if (marked.length) deps.logger.warn('marked interrupted import jobs as failed', { jobs: marked.map((j) => j.id) });
    } catch (error) {
      deps.logger.log('debug', 'could not check for interrupted import jobs', { error: String(error) });
    } finally {
      busy = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), heartbeatSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
