import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { ReadRoute } from '../../api/read-replica';
import { createLogger } from '../../api/logger';
import { runExclusive, runOncePerPeriod } from '../../api/processes/run-once';
import { useTestApp } from '../helpers/test-app';
import { testBackend } from '../helpers/test-database';

const onPostgres = testBackend() === 'postgres';
const silent = createLogger('silent');

describe('shared work and the read route (several processes, DESIGN section 11)', () => {
  const t = useTestApp();
  const url = () => (t.handle as { url?: string }).url!;

  it('reads from the primary when no replica is configured', async () => {
    const route = new ReadRoute(t.handle, null, 2, silent);
    await route.start();
    expect(route.status).toEqual({ configured: false, inUse: false, lagSeconds: null });
    expect(await route.read(async (db) => db === t.db)).toBe(true);
  });

  it.skipIf(!onPostgres)('reads from a replica that answers, and from the primary when it does not', async () => {
    const replica = await openDatabase({ url: url(), poolSize: 2 });
    const up = new ReadRoute(t.handle, replica, 2, silent);
    await up.probe();
    expect(up.status).toMatchObject({ configured: true, inUse: true, lagSeconds: 0 });
    expect(await up.read(async (db) => db === replica.db)).toBe(true);
    await up.close();

    const nowhere = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 });
    const down = new ReadRoute(t.handle, nowhere, 2, silent);
    await down.probe();
    expect(down.status).toMatchObject({ configured: true, inUse: false });
    expect(await down.read(async (db) => db === t.db)).toBe(true);
    await down.close();
  });

  it.skipIf(!onPostgres)('runs exclusive work in one process at a time and once more for a request made meanwhile', async () => {
    const other = await openDatabase({ url: url(), poolSize: 3 });
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = runExclusive(t.handle, 'test-work', async () => {
      runs++;
      if (runs === 1) await gate;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(await runExclusive(other, 'test-work', async () => { runs += 100; })).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(runs).toBe(2); // the owed run, by the holder
    const row = await t.db.selectFrom('periodic_runs').selectAll().where('name', '=', 'test-work').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ runs: 2, pending: false });
    await other.close();
  });

  it.skipIf(!onPostgres)('lets one of several processes claim a period', async () => {
    const others = await Promise.all([0, 1, 2].map(() => openDatabase({ url: url(), poolSize: 3 })));
    let runs = 0;
    const claimed = await Promise.all([t.handle, ...others].map((h) => runOncePerPeriod(h, 'test-period', 60, async () => { runs++; })));
    expect(claimed.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await runOncePerPeriod(t.handle, 'test-period', 60, async () => { runs++; })).toBe(false);
    await Promise.all(others.map((h) => h.close()));
  });
});
