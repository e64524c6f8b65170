import { loadConfigOrExit } from '../config';
import { openConfiguredDatabase } from '../configured-database';
import { migrateToLatest } from '../../db/migrate';
import { rebuildAllRollups } from '../queries/rollups';

/** `npm run rollups:rebuild`: recomputes every daily service rollup from deliveries, in one transaction. */
const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config);
try {
  await migrateToLatest(handle.db);
  const started = Date.now();
  await handle.db.transaction().execute((trx) => rebuildAllRollups(trx, config.businessTimeZone));
  const { rows } = await handle.db.selectFrom('daily_service_rollups')
    .select((eb) => eb.fn.countAll<number>().as('rows')).executeTakeFirstOrThrow();
  console.log(`rebuilt ${rows} rollup rows in ${Date.now() - started} ms (business time zone ${config.businessTimeZone})`);
} finally {
  await handle.close();
}
