import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newDepartment, newPair, newShipper, newUser } from '../helpers/factories';
import { seedSurveys } from '../../api/demo/surveys';

describe('seedSurveys (demo data)', () => {
  const t = useTestApp();

  it('gives a year of answers from both sides, one company in the trap and one collapsing department', async () => {
    const trap = await newShipper(t.db);
    const second = await newShipper(t.db);
    const consignee = await newConsignee(t.db);
    await newPair(t.db, trap.id, consignee.id);
    await newPair(t.db, second.id, consignee.id);
    for (const c of [trap, second, consignee]) {
      await newDepartment(t.db, c.id, { kind: 'logistics', name: 'Logistics' });
      await newDepartment(t.db, c.id, { kind: 'finance', name: 'Finance' });
    }
    const result = await seedSurveys(t.db);
    expect(result.trapCompanyId).toBe(trap.id);
    expect(result.responses).toBeGreaterThan(30);

    const sides = await t.db.selectFrom('survey_responses').select('side').distinct().orderBy('side').execute();
    expect(sides.map((s) => s.side)).toEqual(['consignee', 'shipper']);
    const consigneeRows = await t.db.selectFrom('survey_responses').select('pair_id').where('side', '=', 'consignee').execute();
    expect(consigneeRows.every((r) => r.pair_id !== null)).toBe(true);

    const admin = await newUser(t.db, 'admin');
    const trapRes = await t.call('GET', `/api/v1/companies/${trap.id}/satisfaction`, { as: admin.headers });
    expect(trapRes.body.trap.flag).toBe(true);
    expect(trapRes.body.trap.reasons).toContain('loyalty_falling');

    const secondRes = await t.call('GET', `/api/v1/companies/${second.id}/satisfaction`, { as: admin.headers });
    const collapsing = secondRes.body.departments.find((d: { departmentId: number }) => d.departmentId === result.collapsingDepartmentId);
    expect(collapsing.latestScore).toBeLessThan(2.5);
    expect(collapsing.trend).toBeLessThan(-1);
    expect(secondRes.body.weakestDepartment.departmentId).toBe(result.collapsingDepartmentId);
  });
});
