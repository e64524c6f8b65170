import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';

/**
 * Global setup of the PGlite project: a fresh PGlite costs seconds to initialise, loading a dump
 * costs one; so migrate once, dump the data folder, and let every test file load the dump.
 */
export default async function setup(project: TestProject) {
  const handle = await openDatabase({});
  await migrateToLatest(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  await handle.close();
  const file = path.join(tmpdir(), `crm-pglite-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return async () => {
    await rm(file, { force: true });
  };
}
