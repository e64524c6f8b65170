import type { DB } from '../../db/database';
import type { Config } from '../config';
import { recomputeLifecycle } from './lifecycle-service';
import { recomputeChurn } from '../churn/recompute';
import { createLogger, type Logger } from '../logger';
import { evaluateAlertsSafely } from '../alerts/engine';

/**
 * What follows a finished delivery import, once its rollups are current: derived analytics
 * (lifecycle stages, churn scores) are recomputed here. Each area adds its step.
 */
export async function runAfterImport(db: DB, config: Config, logger: Logger = createLogger(config.logLevel)): Promise<void> {
  await recomputeLifecycle(db, config);
  await recomputeChurn(db, config, { trigger: 'import' });
  await evaluateAlertsSafely(db, config, logger, 'import');
}
