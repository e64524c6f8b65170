import { describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newConsignee, newDepartment, newPair, newShipper, newUser } from '../helpers/factories';
import { daysAgo, newRollup } from '../helpers/value-fixtures';
import type { DB } from '../../db/database';
import type { Insertable } from 'kysely';
import type { SurveyResponsesTable } from '../../db/tables/analytics';

type Answer = Omit<Insertable<SurveyResponsesTable>, 'company_id' | 'department_id' | 'side' | 'submitted_at'>;

async function answer(db: DB, companyId: number, departmentId: number, days: number, values: Answer, side: 'shipper' | 'consignee' = 'shipper') {
  await db.insertInto('survey_responses').values({ company_id: companyId, department_id: departmentId, side, submitted_at: daysAgo(days), ...values }).execute();
}

describe('GET /api/v1/companies/:id/satisfaction', () => {
  const t = useTestApp();

  it('scores each department, weights them, names the weakest, and reports NPS and CSAT', async () => {
    const company = await newShipper(t.db);
    const procurement = await newDepartment(t.db, company.id, { kind: 'procurement', name: 'Procurement', weight: 0.5 });
    const warehouse = await newDepartment(t.db, company.id, { kind: 'warehouse', name: 'Warehouse' });
    const finance = await newDepartment(t.db, company.id, { kind: 'finance', name: 'Finance' });
    await answer(t.db, company.id, procurement.id, 10, { timeliness: 4, accuracy: 4, recommend: 10 });
    await answer(t.db, company.id, procurement.id, 100, { timeliness: 5, recommend: 9 });
    await answer(t.db, company.id, warehouse.id, 20, { condition: 2, communication: 3, recommend: 6 });
    await answer(t.db, company.id, finance.id, 200, { billing: 3, recommend: 8 });
    await answer(t.db, company.id, finance.id, 400, { billing: 1, recommend: 0 }); // outside the 365-day window
    const client = await newUser(t.db, 'client', { companyId: company.id });

    const res = await t.call('GET', `/api/v1/companies/${company.id}/satisfaction`, { as: client.headers });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.departments.map((d: { name: string }) => [d.name, d]));
    // procurement: latest period 4, the one before 5; warehouse: 2.5, nothing before; finance: 3, two periods ago
    expect(byName.Procurement).toMatchObject({ latestScore: 4, previousScore: 5, trend: -1, periodsAgo: 0, effectiveWeight: 0.5 });
    expect(byName.Warehouse).toMatchObject({ latestScore: 2.5, previousScore: null, trend: null, effectiveWeight: 0.25 });
    expect(byName.Finance).toMatchObject({ latestScore: 3, periodsAgo: 2, effectiveWeight: 0.25 });
    // 0.5·4 + 0.25·2.5 + 0.25·3 = 3.375; previous: only procurement's 5
    expect(res.body.weightedScore).toBeCloseTo(3.375, 12);
    expect(res.body.weightedScorePrevious).toBe(5);
    expect(res.body.weightedTrend).toBeCloseTo(-1.625, 12);
    expect(res.body.weakestDepartment).toEqual({ departmentId: warehouse.id, name: 'Warehouse', score: 2.5 });
    // recommend 10, 9, 6, 8: 2 promoters, 1 detractor of 4 → 25; items 4,4,5,2,3,3: three of six are 4–5 → 50 %
    expect(res.body.nps).toBe(25);
    expect(res.body.csat).toBe(50);
    expect(res.body.responses).toBe(4);
    expect(res.body.trap.flag).toBe(false);
  });

  it('has no scores for a company without answers', async () => {
    const company = await newShipper(t.db);
    await newDepartment(t.db, company.id);
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${company.id}/satisfaction`, { as: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ weightedScore: null, weakestDepartment: null, nps: null, csat: null, responses: 0, pairs: [] });
  });

  it('flags the satisfaction trap: basics high while the loyalty items fall', async () => {
    const company = await newShipper(t.db);
    const dept = await newDepartment(t.db, company.id);
    await answer(t.db, company.id, dept.id, 120, { timeliness: 5, accuracy: 5, condition: 4, proactiveness: 5, value_added: 4 });
    await answer(t.db, company.id, dept.id, 30, { timeliness: 5, accuracy: 4, condition: 5, proactiveness: 3, value_added: 3 });
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${company.id}/satisfaction`, { as: admin.headers });
    // basics now (5+4+5)/3 = 4.67 ≥ 4; loyalty 4.5 → 3, a fall of 1.5 ≥ 0.3
    expect(res.body.trap).toMatchObject({ flag: true, reasons: ['loyalty_falling'], loyaltyLatest: 3, loyaltyPrevious: 4.5 });
    expect(res.body.trap.basicLatest).toBeCloseTo(14 / 3, 12);
  });

  it('flags the trap when volume falls while the basics stay high', async () => {
    const company = await newShipper(t.db);
    const consignee = await newConsignee(t.db);
    const dept = await newDepartment(t.db, company.id);
    await answer(t.db, company.id, dept.id, 5, { timeliness: 4, accuracy: 4, proactiveness: 4 });
    await newRollup(t.db, company.id, consignee.id, 120, { shipments: 100 });
    await newRollup(t.db, company.id, consignee.id, 10, { shipments: 80 });
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${company.id}/satisfaction`, { as: admin.headers });
    // 80 against 100: −20 % ≤ −10 %
    expect(res.body.trap).toMatchObject({ flag: true, reasons: ['volume_falling'], volumeRecent90: 80, volumePrevious90: 100 });
    expect(res.body.trap.volumeChange).toBeCloseTo(-0.2, 12);
  });

  it('does not flag low basics with falling loyalty (plain dissatisfaction)', async () => {
    const company = await newShipper(t.db);
    const dept = await newDepartment(t.db, company.id);
    await answer(t.db, company.id, dept.id, 120, { timeliness: 3, proactiveness: 5 });
    await answer(t.db, company.id, dept.id, 30, { timeliness: 3, proactiveness: 2 });
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${company.id}/satisfaction`, { as: admin.headers });
    expect(res.body.trap).toMatchObject({ flag: false, reasons: [] });
  });

  it('compares the shipper side with the consignee side of each pair; a client sees only its own side', async () => {
    const shipper = await newShipper(t.db);
    const consignee = await newConsignee(t.db);
    const pair = await newPair(t.db, shipper.id, consignee.id);
    const sDept = await newDepartment(t.db, shipper.id);
    const cDept = await newDepartment(t.db, consignee.id);
    await answer(t.db, shipper.id, sDept.id, 10, { pair_id: pair.id, timeliness: 4, accuracy: 5, recommend: 9 });
    await answer(t.db, consignee.id, cDept.id, 12, { pair_id: pair.id, timeliness: 2, condition: 3, recommend: 3 }, 'consignee');
    await answer(t.db, consignee.id, cDept.id, 40, { pair_id: pair.id, timeliness: 3, recommend: 7 }, 'consignee');
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', `/api/v1/companies/${shipper.id}/satisfaction`, { as: admin.headers });
    // shipper side 4.5; consignee side (2+3+3)/3 = 2.667, NPS (0 − 1)/2 → −50
    expect(res.body.pairs).toHaveLength(1);
    const p = res.body.pairs[0];
    expect(p).toMatchObject({ pairId: pair.id, shipper: { id: shipper.id }, consignee: { id: consignee.id } });
    expect(p.shipperSide).toEqual({ responses: 1, score: 4.5, nps: 100 });
    expect(p.consigneeSide.responses).toBe(2);
    expect(p.consigneeSide.score).toBeCloseTo(8 / 3, 12);
    expect(p.consigneeSide.nps).toBe(-50);
    expect(p.gap).toBeCloseTo(4.5 - 8 / 3, 12);

    const client = await newUser(t.db, 'client', { companyId: shipper.id });
    const own = await t.call('GET', `/api/v1/companies/${shipper.id}/satisfaction`, { as: client.headers });
    expect(own.body.pairs[0]).toMatchObject({ shipperSide: { score: 4.5 }, consigneeSide: null, gap: null });
  });

  it('answers 404 for another client’s company, 403 for operations, 400 for a bad id', async () => {
    const mine = await newShipper(t.db);
    const other = await newShipper(t.db);
    const client = await newUser(t.db, 'client', { companyId: mine.id });
    const hidden = await t.call('GET', `/api/v1/companies/${other.id}/satisfaction`, { as: client.headers });
    expect(hidden.status).toBe(404);
    expectErrorShape(hidden);
    const ops = await newUser(t.db, 'operations');
    expect((await t.call('GET', `/api/v1/companies/${mine.id}/satisfaction`, { as: ops.headers })).status).toBe(403);
    const bad = await t.call('GET', '/api/v1/companies/abc/satisfaction', { as: client.headers });
    expect(bad.status).toBe(400);
    expectErrorShape(bad);
    const manager = await newUser(t.db, 'manager');
    expect((await t.call('GET', `/api/v1/companies/${other.id}/satisfaction`, { as: manager.headers })).status).toBe(404);
  });
});

describe('GET /api/v1/analytics/satisfaction', () => {
  const t = useTestApp();

  it('gives NPS per visible company, overall and per side', async () => {
    const a = await newShipper(t.db);
    const b = await newConsignee(t.db);
    const aDept = await newDepartment(t.db, a.id);
    const bDept = await newDepartment(t.db, b.id);
    await answer(t.db, a.id, aDept.id, 5, { recommend: 10 });
    await answer(t.db, a.id, aDept.id, 6, { recommend: 10 });
    await answer(t.db, b.id, bDept.id, 7, { recommend: 7 }, 'consignee');
    await answer(t.db, b.id, bDept.id, 8, { recommend: 2 }, 'consignee');
    await answer(t.db, b.id, bDept.id, 9, { timeliness: 4 }, 'consignee'); // no recommend answer
    const admin = await newUser(t.db, 'admin');
    const res = await t.call('GET', '/api/v1/analytics/satisfaction', { as: admin.headers });
    expect(res.status).toBe(200);
    // overall: 2 promoters, 1 passive, 1 detractor of 4 → 25
    expect(res.body.overall).toEqual({ answers: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 });
    expect(res.body.shipperSide.nps).toBe(100);
    expect(res.body.consigneeSide.nps).toBe(-50);
    const byId = Object.fromEntries(res.body.companies.map((c: { companyId: number }) => [c.companyId, c]));
    expect(byId[a.id].nps).toBe(100);
    expect(byId[b.id]).toMatchObject({ nps: -50, answers: 2 });

    const client = await newUser(t.db, 'client', { companyId: b.id });
    const own = await t.call('GET', '/api/v1/analytics/satisfaction', { as: client.headers });
    expect(own.body.companies.map((c: { companyId: number }) => c.companyId)).toEqual([b.id]);
    expect(own.body.overall.nps).toBe(-50);
  });

  it('refuses operations staff', async () => {
    const ops = await newUser(t.db, 'operations');
    expect((await t.call('GET', '/api/v1/analytics/satisfaction', { as: ops.headers })).status).toBe(403);
  });
});
