import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newDepartment, newPair, newShipper, newUser } from '../helpers/factories';

/**
 * A client cannot post unlimited identical answers: one answer per department (and pair, or side) per
 * survey period (90 days); staff recording surveys by phone are refused only a double submit.
 */
describe('repeated survey answers', () => {
  const t = useTestApp();

  async function world() {
    const manager = await newUser(t.db, 'manager');
    const shipper = await newShipper(t.db, { account_manager_id: manager.id });
    const consignee = await newConsignee(t.db);
    const pair = await newPair(t.db, shipper.id, consignee.id);
    const finance = await newDepartment(t.db, shipper.id, { kind: 'finance', name: 'Finance' });
    const warehouse = await newDepartment(t.db, shipper.id, { kind: 'warehouse', name: 'Warehouse' });
    const client = await newUser(t.db, 'client', { companyId: shipper.id });
    const colleague = await newUser(t.db, 'client', { companyId: shipper.id });
    return { manager, shipper, consignee, pair, finance, warehouse, client, colleague };
  }
  const post = (headers: Record<string, string>, body: Record<string, unknown>) => t.call('POST', '/api/v1/surveys', { as: headers, body });
  const count = async (departmentId: number) => Number((await sql<{ n: number }>`select count(*) as n from survey_responses where department_id = ${departmentId}`.execute(t.db)).rows[0].n);

  it('takes one answer of a client user per department and period, and says when the next one opens', async () => {
    const w = await world();
    expect((await post(w.client.headers, { departmentId: w.finance.id, timeliness: 1, recommend: 0 })).status).toBe(201);
    const again = await post(w.client.headers, { departmentId: w.finance.id, timeliness: 1, recommend: 0 });
    expect(again.status).toBe(409);
    const error = expectErrorShape(again);
    expect(error.code).toBe('conflict');
    const [detail] = error.details as any[];
    expect(detail).toMatchObject({ path: 'departmentId', code: 'already_answered', params: { periodDays: 90 } });
    expect(Date.parse(detail.params.nextFrom) - Date.parse(detail.params.answeredAt)).toBe(90 * 86_400_000);
    // a different answer is refused as well: the period's answer is given
    expect((await post(w.client.headers, { departmentId: w.finance.id, timeliness: 5 })).status).toBe(409);
    expect(await count(w.finance.id)).toBe(1);
    // another department, another pair, another colleague: their own answers
    expect((await post(w.client.headers, { departmentId: w.warehouse.id, timeliness: 4 })).status).toBe(201);
    expect((await post(w.client.headers, { departmentId: w.finance.id, pairId: w.pair.id, timeliness: 4 })).status).toBe(201);
    expect((await post(w.colleague.headers, { departmentId: w.finance.id, timeliness: 3 })).status).toBe(201);
  });

  it('takes the next answer once the period has passed', async () => {
    const w = await world();
    const first = await post(w.client.headers, { departmentId: w.finance.id, billing: 2 });
    expect(first.status).toBe(201);
    await sql`update survey_responses set submitted_at = now() - interval '91 days' where id = ${first.body.id}`.execute(t.db);
    expect((await post(w.client.headers, { departmentId: w.finance.id, billing: 4 })).status).toBe(201);
  });

  it('lets only one of many simultaneous identical answers through', async () => {
    const w = await world();
    const results = await Promise.all(Array.from({ length: 6 }, () => post(w.client.headers, { departmentId: w.warehouse.id, condition: 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await count(w.warehouse.id)).toBe(1);
  });

  it('refuses a staff double submit, and lets staff record several respondents of one department', async () => {
    const w = await world();
    const phone = { companyId: w.shipper.id, departmentId: w.finance.id, respondentName: 'Ms Li', proactiveness: 4 };
    expect((await post(w.manager.headers, phone)).status).toBe(201);
    const double = await post(w.manager.headers, phone);
    expect(double.status).toBe(409);
    expect((expectErrorShape(double).details as any[])[0]).toMatchObject({ code: 'duplicate_answer' });
    expect((await post(w.manager.headers, { ...phone, respondentName: 'Mr Wang' })).status).toBe(201);
    expect((await post(w.manager.headers, { ...phone, proactiveness: 5 })).status).toBe(201);
    expect(await count(w.finance.id)).toBe(3);
  });
});
