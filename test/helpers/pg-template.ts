import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { adminQuery, serverUrl } from './test-database';

/** Global setup of the PostgreSQL project: one migrated template database that every test file copies. */
export default async function setup(project: TestProject) {
  const template = `crm_test_template_${process.pid}`;
  await adminQuery(`drop database if exists ${template} with (force)`);
  await adminQuery(`create database ${template}`);
  const handle = await openDatabase({ url: serverUrl(template), poolSize: 1 });
  await migrateToLatest(handle.db);
  await handle.close();
  project.provide('pgTemplate', template);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
