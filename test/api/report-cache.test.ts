import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newShipper, newUser, type TestUser } from '../helpers/factories';
import { startChangeFeed, type ChangeFeed } from '../../api/cache/change-feed';
import { runDeliveryImport } from '../../api/services/delivery-import-service';

const HEADER = 'tracking_no,shipper_code,consignee_code,promised_at,delivered_at,status,pieces_expected,pieces_delivered';

describe('report answers kept until the database reports a change', () => {
  const t = useTestApp();
  let feed: ChangeFeed;
  let manager: TestUser;
  let otherManager: TestUser;
  let shipperId: number;
  const path = () => `/api/v1/analytics/service?shipperId=${shipperId}&from=2026-03-01&to=2026-03-31&groupBy=none`;
  const due = async (as: TestUser = manager) => {
    const res = await t.call('GET', path(), { as: as.headers });
    expect(res.status).toBe(200);
    return res.body.total.due as number;
  };
  /** What the database tells the feed arrives a moment after the commit. */
  const settle = async (from: number) => {
    for (let i = 0; i < 100 && feed.generation === from; i++) await new Promise((r) => setTimeout(r, 20));
    expect(feed.generation).toBeGreaterThan(from);
  };
  const importRows = async (rows: string[]) => {
    const file = `${HEADER}\n${rows.join('\n')}\n`;
    const job = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), { fileName: 'c.csv', bytesTotal: file.length, createdBy: null });
    expect(job.status).toBe('succeeded');
  };
  /** Changes rollups behind the application's back: no trigger fires, so only an uncached read sees it. */
  const silentlyAddDue = (n: number) => t.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await sql`update daily_service_rollups set due = due + ${n} where shipper_id = ${shipperId} and day = '2026-03-10'`.execute(trx);
    await sql`update monthly_service_rollups set due = due + ${n} where shipper_id = ${shipperId}`.execute(trx);
  });

  beforeAll(async () => {
    manager = await newUser(t.db, 'manager');
    otherManager = await newUser(t.db, 'manager');
    shipperId = (await newShipper(t.db, { code: 'CS1', account_manager_id: manager.id })).id;
    await newConsignee(t.db, { code: 'CC1' });
    await importRows(['T1,CS1,CC1,2026-03-10 10:00,2026-03-10 09:00,delivered,1,1']);
    feed = await startChangeFeed(t.handle, t.deps.logger);
    t.deps.reportCache.attach(feed);
    expect(feed.live).toBe(true);
  });
  afterAll(async () => {
    await feed?.close();
  });

  it('serves the same answer again without reading the rollups', async () => {
    expect(await due()).toBe(1);
    await silentlyAddDue(5);
    expect(await due()).toBe(1);
  });

  it('answers from the rollups again once an import commits', async () => {
    const before = feed.generation;
    await importRows(['T2,CS1,CC1,2026-03-11 10:00,2026-03-11 09:00,delivered,1,1']);
    await settle(before);
    expect(await due()).toBe(7); // T1, T2 and the 5 added silently
  });

  it('drops its answers after a write through the API, at once', async () => {
    await silentlyAddDue(1);
    expect(await due()).toBe(7);
    const res = await t.call('PATCH', `/api/v1/companies/${shipperId}`, { as: manager.headers, body: { name: 'Renamed shipper' } });
    expect(res.status, res.text).toBe(200);
    expect(await due()).toBe(8);
  });

  it('keeps each caller’s scope apart: another manager still gets the 404', async () => {
    expect(await due()).toBe(8);
    const res = await t.call('GET', path(), { as: otherManager.headers });
    expect(res.status).toBe(404);
  });

  it('computes every answer while the feed is down', async () => {
    await feed.close();
    await silentlyAddDue(1);
    expect(await due()).toBe(9);
    await silentlyAddDue(1);
    expect(await due()).toBe(10);
  });
});
