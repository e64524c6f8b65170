import { loadConfigOrExit } from '../config';
import { openConfiguredDatabase } from '../configured-database';
import { migrateToLatest } from '../../db/migrate';
import { fitChurnModel } from '../churn/fit';
import { recomputeChurn } from '../churn/recompute';

/**
 * `npm run churn:fit [-- --apply] [--lambda=1]`: fits the direct-risk coefficients to the history of
 * terminated companies, prints held-out AUC, log loss and calibration; with --apply stores them as
 * 'churn.coefficients' and recomputes churn with them.
 */
const args = process.argv.slice(2);
const apply = args.includes('--apply');
const lambdaArg = args.find((a) => a.startsWith('--lambda='));
const lambda = lambdaArg ? Number(lambdaArg.slice('--lambda='.length)) : 1;
if (!Number.isFinite(lambda) || lambda < 0) {
  console.error('--lambda must be a number ≥ 0');
  process.exit(2);
}
const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config);
try {
  await migrateToLatest(handle.db);
  const result = await fitChurnModel(handle.db, config, null, { apply, lambda });
  console.log(`training: ${result.train.companies} companies, ${result.train.churned} churned; held out: ${result.heldOut.companies}, ${result.heldOut.churned} churned`);
  console.log(`held-out AUC ${result.heldOut.auc?.toFixed(3) ?? 'n/a'}, log loss ${result.heldOut.logLoss?.toFixed(4) ?? 'n/a'}, converged ${result.converged}, λ = ${lambda}`);
  console.log('calibration (predicted → observed):');
  for (const bin of result.heldOut.calibration) {
    console.log(`  ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${bin.count} companies, ${bin.predicted?.toFixed(3) ?? '-'} → ${bin.observed?.toFixed(3) ?? '-'}`);
  }
  console.log('coefficient          fitted    previous');
  for (const [name, value] of Object.entries(result.coefficients)) {
    console.log(`  ${name.padEnd(20)} ${value.toFixed(3).padStart(8)}  ${((result.previous as Record<string, number>)[name] ?? 0).toFixed(3).padStart(8)}`);
  }
  if (apply) {
    const run = await recomputeChurn(handle.db, config, { trigger: 'cli' });
    console.log(`stored as churn.coefficients; churn recomputed (run ${run.runId})`);
  } else {
    console.log('not stored (pass --apply to store)');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
