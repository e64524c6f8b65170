import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser } from '../helpers/factories';

const TZ = 'Asia/Shanghai';

describe('PATCH /api/v1/contracts/:id with a new grace period', () => {
  const t = useTestApp();

  it('recomputes the KPIs of the contract\'s deliveries under the new rule', async () => {
    const admin = await newUser(t.db, 'admin');
    const shipper = await newShipper(t.db);
    const consignee = await newConsignee(t.db);
    const contract = await newContract(t.db, shipper.id, { grace_minutes: 0, start_date: '2026-01-01', end_date: '2026-12-31' });
    const promised = new Date('2026-03-10T02:00:00Z');
    // 30 minutes late: late with no grace, on time with an hour's grace
    await newDelivery(t.db, shipper.id, consignee.id, { contract_id: contract.id, promised_at: promised, delivered_at: new Date(promised.getTime() + 30 * 60_000) });
    const query = `/api/v1/analytics/service?contractId=${contract.id}&from=2026-03-01&to=2026-03-31`;

    const before = await t.call('GET', query, { as: admin.headers });
    expect(before.status).toBe(200);
    expect(before.body.total).toMatchObject({ due: 1, onTime: 0 });

    const patched = await t.call('PATCH', `/api/v1/contracts/${contract.id}`, { as: admin.headers, body: { graceMinutes: 60 } });
    expect(patched.status).toBe(200);

    const after = await t.call('GET', query, { as: admin.headers });
    expect(after.body.total).toMatchObject({ due: 1, onTime: 1 });
  });
});
