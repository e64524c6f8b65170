import { loadConfigOrExit } from '../config';
import { openConfiguredDatabase } from '../configured-database';
import { createMigrator } from '../../db/migrate';

const direction = process.argv[2] === 'down' ? 'down' : 'latest';
const handle = await openConfiguredDatabase(loadConfigOrExit());
const migrator = createMigrator(handle.db);
const { error, results } = direction === 'down' ? await migrator.migrateDown() : await migrator.migrateToLatest();
for (const r of results ?? []) console.log(`${r.status === 'Success' ? 'ok  ' : 'FAIL'} ${r.direction} ${r.migrationName}`);
if (!results?.length) console.log('nothing to do');
await handle.close();
if (error) {
  console.error(error);
  process.exit(1);
}
