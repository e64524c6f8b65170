import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';

describe('GET /api/v1/deliveries', () => {
  const t = useTestApp();
  let admin: TestUser;
  let shipperClient: TestUser;
  let consigneeClient: TestUser;
  let outsider: TestUser;
  const ids: Record<string, number> = {};
  let shipper: { id: number };
  let consignee: { id: number };
  let contractId: number;

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    shipper = await newShipper(t.db, { code: 'DS1' });
    const shipper2 = await newShipper(t.db, { code: 'DS2' });
    consignee = await newConsignee(t.db, { code: 'DC1' });
    const consignee2 = await newConsignee(t.db, { code: 'DC2' });
    const stranger = await newShipper(t.db, { code: 'DS9' });
    contractId = (await newContract(t.db, shipper.id, { code: 'KD1' })).id;
    // promised 2026-03-10 07:30 Shanghai = 2026-03-09T23:30Z: its business day is the 10th, not the 9th
    ids.a = (await newDelivery(t.db, shipper.id, consignee.id, { tracking_no: 'A1', promised_at: new Date('2026-03-09T23:30:00Z'), contract_id: contractId })).id;
    ids.b = (await newDelivery(t.db, shipper.id, consignee2.id, { tracking_no: 'B1', promised_at: new Date('2026-03-11T02:00:00Z'), status: 'in_transit', delivered_at: null })).id;
    ids.c = (await newDelivery(t.db, shipper2.id, consignee.id, { tracking_no: 'C1', promised_at: new Date('2026-03-12T02:00:00Z') })).id;
    ids.d = (await newDelivery(t.db, shipper2.id, consignee2.id, { tracking_no: 'D1', promised_at: new Date('2026-03-13T02:00:00Z') })).id;
    shipperClient = await newUser(t.db, 'client', { companyId: shipper.id });
    consigneeClient = await newUser(t.db, 'client', { companyId: consignee.id });
    outsider = await newUser(t.db, 'client', { companyId: stranger.id });
  });

  const tracking = (res: { body: { items: { trackingNo: string }[] } }) => res.body.items.map((d) => d.trackingNo);

  it('lists all deliveries newest promise first for staff who see everything', async () => {
    const res = await t.call('GET', '/api/v1/deliveries', { as: admin.headers });
    expect(res.status).toBe(200);
    expect(tracking(res)).toEqual(['D1', 'C1', 'B1', 'A1']);
    expect(res.body.meta).toMatchObject({ pageSize: 50, position: 1, total: 4, totalCapped: false, nextCursor: null, prevCursor: null });
    expect(res.body.items[3]).toMatchObject({
      id: ids.a, trackingNo: 'A1', shipper: { id: shipper.id, code: 'DS1' }, consignee: { id: consignee.id, code: 'DC1' },
      contract: { id: contractId, code: 'KD1' }, promisedAt: '2026-03-09T23:30:00.000Z', status: 'delivered', revenue: 100, cost: 60,
    });
  });

  it('filters by shipper, consignee, contract, status, tracking number and promised business days', async () => {
    const q = async (query: string) => tracking(await t.call('GET', `/api/v1/deliveries?${query}`, { as: admin.headers }));
    expect(await q(`shipperId=${shipper.id}`)).toEqual(['B1', 'A1']);
    expect(await q(`consigneeId=${consignee.id}`)).toEqual(['C1', 'A1']);
    expect(await q(`contractId=${contractId}`)).toEqual(['A1']);
    expect(await q('status=in_transit')).toEqual(['B1']);
    expect(await q('trackingNo=C1')).toEqual(['C1']);
    expect(await q('promisedFrom=2026-03-10&promisedTo=2026-03-11')).toEqual(['B1', 'A1']);
    expect(await q('promisedTo=2026-03-09')).toEqual([]);
    const pairId = (await t.call('GET', `/api/v1/deliveries/${ids.d}`, { as: admin.headers })).body.pairId;
    expect(await q(`pairId=${pairId}`)).toEqual(['D1']);
  });

  it('pages by cursor, forwards and back, in list order', async () => {
    const first = await t.call('GET', '/api/v1/deliveries?pageSize=3', { as: admin.headers });
    expect(tracking(first)).toEqual(['D1', 'C1', 'B1']);
    expect(first.body.meta).toMatchObject({ position: 1, total: 4, prevCursor: null });
    const second = await t.call('GET', `/api/v1/deliveries?pageSize=3&cursor=${first.body.meta.nextCursor}`, { as: admin.headers });
    expect(tracking(second)).toEqual(['A1']);
    expect(second.body.meta).toMatchObject({ position: 4, total: 4, nextCursor: null });
    const back = await t.call('GET', `/api/v1/deliveries?pageSize=3&cursor=${second.body.meta.prevCursor}`, { as: admin.headers });
    expect(tracking(back)).toEqual(['D1', 'C1', 'B1']);
    expect(back.body.meta).toMatchObject({ position: 1, prevCursor: null });
    expect(back.body.meta.nextCursor).toBe(first.body.meta.nextCursor);
    // two a page: the middle page has both neighbours
    const p1 = await t.call('GET', '/api/v1/deliveries?pageSize=1', { as: admin.headers });
    const p2 = await t.call('GET', `/api/v1/deliveries?pageSize=1&cursor=${p1.body.meta.nextCursor}`, { as: admin.headers });
    expect(tracking(p2)).toEqual(['C1']);
    expect(p2.body.meta).toMatchObject({ position: 2 });
    expect(tracking(await t.call('GET', `/api/v1/deliveries?pageSize=1&cursor=${p2.body.meta.prevCursor}`, { as: admin.headers }))).toEqual(['D1']);
    // the cursor keeps to the filter it is used with
    const shipperPage = await t.call('GET', `/api/v1/deliveries?pageSize=1&shipperId=${shipper.id}`, { as: admin.headers });
    expect(tracking(shipperPage)).toEqual(['B1']);
    expect(tracking(await t.call('GET', `/api/v1/deliveries?pageSize=1&shipperId=${shipper.id}&cursor=${shipperPage.body.meta.nextCursor}`, { as: admin.headers }))).toEqual(['A1']);
  });

  it('counts no further than its cap and says so', async () => {
    const { listDeliveriesFor } = await import('../../api/services/deliveries-service');
    const actor = { userId: admin.id, email: admin.email, name: 'admin', role: 'admin' as const, companyId: null, via: 'token' as const };
    const capped = await listDeliveriesFor(t.db, actor, { pageSize: 2 }, 'Asia/Shanghai', 3);
    expect(capped.meta).toMatchObject({ total: 3, totalCapped: true });
    expect((await listDeliveriesFor(t.db, actor, { pageSize: 2 }, 'Asia/Shanghai', 4)).meta).toMatchObject({ total: 4, totalCapped: false });
  });

  it('finds a delivery by tracking number across shippers', async () => {
    const other = await newShipper(t.db, { code: 'DS3' });
    const elsewhere = await newConsignee(t.db, { code: 'DC3' });
    await newDelivery(t.db, other.id, elsewhere.id, { tracking_no: 'A1', promised_at: new Date('2026-03-01T02:00:00Z') });
    const res = await t.call('GET', '/api/v1/deliveries?trackingNo=A1', { as: admin.headers });
    expect(res.body.items.map((d: { shipper: { code: string } }) => d.shipper.code)).toEqual(['DS1', 'DS3']);
  });

  it('shows a client only deliveries where its company is shipper or consignee, without money', async () => {
    const asShipper = await t.call('GET', '/api/v1/deliveries', { as: shipperClient.headers });
    expect(tracking(asShipper)).toEqual(['B1', 'A1']);
    // the field policy: the provider's cost never; the freight revenue only to the shipper it is the spend of
    expect(asShipper.body.items[0]).not.toHaveProperty('cost');
    expect(asShipper.body.items[0].revenue).toEqual(expect.any(Number));
    expect(tracking(await t.call('GET', '/api/v1/deliveries', { as: consigneeClient.headers }))).toEqual(['C1', 'A1']);
    expect((await t.call('GET', '/api/v1/deliveries', { as: outsider.headers })).body).toMatchObject({ items: [], meta: { total: 0 } });
    // its two sides merge in list order, page by page
    const first = await t.call('GET', '/api/v1/deliveries?pageSize=1', { as: consigneeClient.headers });
    expect(tracking(first)).toEqual(['C1']);
    const next = await t.call('GET', `/api/v1/deliveries?pageSize=1&cursor=${first.body.meta.nextCursor}`, { as: consigneeClient.headers });
    expect(tracking(next)).toEqual(['A1']);
    expect(next.body.meta).toMatchObject({ position: 2, total: 2, nextCursor: null });
  });

  it('answers 404 for another tenant\'s delivery and 200 for its own', async () => {
    expect((await t.call('GET', `/api/v1/deliveries/${ids.c}`, { as: consigneeClient.headers })).status).toBe(200);
    const other = await t.call('GET', `/api/v1/deliveries/${ids.d}`, { as: consigneeClient.headers });
    expect(other.status).toBe(404);
    expect(expectErrorShape(other).code).toBe('not_found');
    expect((await t.call('GET', '/api/v1/deliveries/99999999', { as: admin.headers })).status).toBe(404);
  });

  it('rejects malformed filters with 400 in the error shape', async () => {
    for (const query of ['status=shipped', 'promisedFrom=2026-02-30', 'promisedFrom=03/01/2026', 'shipperId=abc', 'pageSize=501',
      'promisedFrom=2026-03-12&promisedTo=2026-03-10', 'trackingNo=', 'cursor=nonsense', `cursor=${Buffer.from('a|x|1|1').toString('base64url')}`]) {
      const res = await t.call('GET', `/api/v1/deliveries?${query}`, { as: admin.headers });
      expect(res.status, query).toBe(400);
      expectErrorShape(res);
    }
    expect((await t.call('GET', '/api/v1/deliveries/abc', { as: admin.headers })).status).toBe(400);
    expect((await t.call('GET', '/api/v1/deliveries', {})).status).toBe(401);
  });
});
