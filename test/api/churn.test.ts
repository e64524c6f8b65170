import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newCompany, newConsignee, newPair, newShipper, newUser, type TestUser } from '../helpers/factories';
import { addDays, businessDay } from '../../api/domain/business-day';
import { latestChurnProbabilities } from '../../api/churn/latest-run-queries';

/**
 * The graph (12 months of shipments, all inserted as daily rollups):
 *
 *   C1 ──60── S1 ──30── C2 ──150── S2        S3 ──10── C3   (another tenant)
 *
 * S1 ships 60 to C1 and 30 to C2 in the last 90 days (10 revenue each). S2 ships 100 to C2 in the 90 days
 * before and 50 in the last 90 (volume falling by half). No contracts, surveys or complaints, no stage.
 */
const L = (x: number) => 1 / (1 + Math.exp(-x));
const alpha = 0.5;
// Direct risks: every company has the default intercept −4 as log-odds, except those with a falling volume
// (coefficient 2): S2: 50 vs 100 → decline 0.5 → −3. C2: (30 + 50) vs 100 → decline 0.2 → −3.6.
const rS1 = L(-4), rC1 = L(-4), rS3 = L(-4), rC3 = L(-4), rC2 = L(-3.6), rS2 = L(-3);
// Weights: S1 total 90 → w(S1,C1) = 2/3, w(S1,C2) = 1/3; C1 total 60 → 1; C2 total 180 → w(C2,S1) = 1/6, w(C2,S2) = 5/6; S2 → 1.
const mC1toS1 = rC1;
const mS2toC2 = rS2;
const mC2toS1 = 1 - (1 - rC2) * (1 - alpha * (5 / 6) * mS2toC2);
const mS1toC2 = 1 - (1 - rS1) * (1 - alpha * (2 / 3) * mC1toS1);
const mC2toS2 = 1 - (1 - rC2) * (1 - alpha * (1 / 6) * mS1toC2);
const mS1toC1 = 1 - (1 - rS1) * (1 - alpha * (1 / 3) * mC2toS1);
const pS1 = 1 - (1 - rS1) * (1 - alpha * (2 / 3) * mC1toS1) * (1 - alpha * (1 / 3) * mC2toS1);
const pC1 = 1 - (1 - rC1) * (1 - alpha * 1 * mS1toC1);
const pC2 = 1 - (1 - rC2) * (1 - alpha * (1 / 6) * mS1toC2) * (1 - alpha * (5 / 6) * mS2toC2);
const pS2 = 1 - (1 - rS2) * (1 - alpha * 1 * mC2toS2);
// S3 — C3 alone: each depends wholly on the other.
const pS3 = 1 - (1 - rS3) * (1 - alpha * rC3);
const pC3 = 1 - (1 - rC3) * (1 - alpha * rS3);
const round2 = (x: number) => Math.round(x * 100) / 100;
// Pair-level revenue at risk: a pair's revenue is lost when either side churns, P = 1 − (1 − m_a→b)(1 − m_b→a).
const mS3toC3 = rS3, mC3toS3 = rC3;
const P11 = 1 - (1 - mS1toC1) * (1 - mC1toS1);
const P12 = 1 - (1 - mS1toC2) * (1 - mC2toS1);
const P22 = 1 - (1 - mS2toC2) * (1 - mC2toS2);
const P33 = 1 - (1 - mS3toC3) * (1 - mC3toS3);
const either = (x: number, y: number) => 1 - (1 - x) * (1 - y);
const atRiskTotal = 600 * P11 + 300 * P12 + 1500 * P22 + 100 * P33;
const directTotal = 600 * either(rS1, rC1) + 300 * either(rS1, rC2) + 1500 * either(rS2, rC2) + 100 * either(rS3, rC3);

describe('churn risk API', () => {
  const t = useTestApp();
  const today = businessDay(new Date(), 'Asia/Shanghai');
  let admin: TestUser, manager: TestUser, operations: TestUser, clientC1: TestUser;
  const id = { S1: 0, C1: 0, C2: 0, S2: 0, S3: 0, C3: 0 };

  async function rollup(shipperId: number, consigneeId: number, daysAgo: number, shipments: number) {
    await t.db.insertInto('daily_service_rollups').values({
      shipper_id: shipperId, consignee_id: consigneeId, day: addDays(today, -daysAgo), shipments, due: shipments, delivered: shipments,
      on_time: shipments, in_full: shipments, otif: shipments, perfect: shipments, revenue: shipments * 10, cost: shipments * 6,
    }).execute();
  }

  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    manager = await newUser(t.db, 'manager');
    operations = await newUser(t.db, 'operations');
    id.S1 = (await newShipper(t.db, { account_manager_id: manager.id, name: 'Shipper One' })).id;
    id.C1 = (await newConsignee(t.db, { name: 'Consignee One' })).id;
    id.C2 = (await newConsignee(t.db, { name: 'Consignee Two' })).id;
    id.S2 = (await newShipper(t.db, { name: 'Shipper Two' })).id;
    id.S3 = (await newShipper(t.db, { name: 'Shipper Three' })).id;
    id.C3 = (await newConsignee(t.db, { name: 'Consignee Three' })).id;
    clientC1 = await newUser(t.db, 'client', { companyId: id.C1 });
    await newPair(t.db, id.S1, id.C1);
    await newPair(t.db, id.S1, id.C2);
    await newPair(t.db, id.S2, id.C2);
    await newPair(t.db, id.S3, id.C3);
    await rollup(id.S1, id.C1, 10, 60);
    await rollup(id.S1, id.C2, 20, 30);
    await rollup(id.S2, id.C2, 30, 50);
    await rollup(id.S2, id.C2, 120, 100);
    await rollup(id.S3, id.C3, 5, 10);
  });

  describe('before any run', () => {
    it('lists nothing and has no probabilities', async () => {
      const res = await t.call('GET', '/api/v1/analytics/churn', { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.run).toBeNull();
      expect(res.body.items).toEqual([]);
      expect((await latestChurnProbabilities(t.db)).size).toBe(0);
    });

    it('answers 404 for a company without a score, and for a what-if', async () => {
      const res = await t.call('GET', `/api/v1/companies/${id.S1}/churn`, { as: admin.headers });
      expect(res.status).toBe(404);
      expectErrorShape(res);
      const whatIf = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, body: { lost: [{ companyId: id.S1 }] } });
      expect(whatIf.status).toBe(404);
    });
  });

  describe('POST /api/v1/analytics/churn/recompute', () => {
    it('forbids clients and operations', async () => {
      for (const user of [clientC1, operations]) {
        const res = await t.call('POST', '/api/v1/analytics/churn/recompute', { as: user.headers });
        expect(res.status).toBe(403);
        expectErrorShape(res);
      }
    });

    it('computes a run over the pair graph and audits it', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/recompute', { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ companies: 6, pairs: 4, alpha: 0.5, converged: true, asOf: today });
      expect(res.body.revenue12m).toBe(900 + 1500 + 100);
      expect(res.body.revenueAtRisk).toBeCloseTo(atRiskTotal, 1);
      expect(res.body.directRevenueAtRisk).toBeCloseTo(directTotal, 1);
      const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'churn_run').execute();
      expect(audit).toHaveLength(1);
      expect(String(audit[0]!.entity_id)).toBe(String(res.body.runId));
    });

    it('feeds latestChurnProbabilities with p of the latest run', async () => {
      const p = await latestChurnProbabilities(t.db);
      expect(p.size).toBe(6);
      expect(p.get(id.C1)).toBeCloseTo(pC1, 9);
    });
  });

  describe('GET /api/v1/analytics/churn', () => {
    it('gives every company p from the cascade, worked by hand on this chain', async () => {
      const res = await t.call('GET', '/api/v1/analytics/churn?pageSize=10', { as: admin.headers });
      expect(res.status).toBe(200);
      const by = new Map(res.body.items.map((i: any) => [i.companyId, i]));
      const expected: [number, number, number][] = [
        [id.S1, rS1, pS1], [id.C1, rC1, pC1], [id.C2, rC2, pC2], [id.S2, rS2, pS2], [id.S3, rS3, pS3], [id.C3, rC3, pC3],
      ];
      for (const [company, r, p] of expected) {
        const item: any = by.get(company);
        expect(item.directRisk).toBeCloseTo(r, 9);
        expect(item.risk).toBeCloseTo(p, 9);
        expect(item.cascadeRisk).toBeCloseTo(p - r, 9);
      }
      const s2: any = by.get(id.S2);
      expect(s2.revenue12m).toBe(1500);
      expect(s2.revenueAtRisk).toBe(round2(P22 * 1500));
      expect(s2.transferValue12m).toBe(0);
      // a consignee carries the revenue of the deliveries made to it, and is exposed on its pairs
      const c2: any = by.get(id.C2);
      expect(c2.revenue12m).toBe(0);
      expect(c2.transferValue12m).toBe(1800);
      expect(c2.revenueAtRisk).toBeCloseTo(300 * P12 + 1500 * P22, 2);
      expect(s2.topDrivers[0]).toEqual({ signal: 'volumeDecline', value: 0.5, coefficient: 2, contribution: 1 });
      // Sorted by p, highest first: S2 (≈0.05) then C2.
      expect(res.body.items.map((i: any) => i.companyId).slice(0, 2)).toEqual([id.S2, id.C2]);
      expect(res.body.totals.companies).toBe(6);
      // each pair once, under its shipper
      expect(res.body.totals.expectedRevenueAtRisk).toBeCloseTo(round2(600 * P11 + 300 * P12) + round2(1500 * P22) + round2(100 * P33), 2);
      expect(res.body.totals.directRevenueAtRisk).toBeCloseTo(directTotal, 1);
      expect(res.body.totals.transferValue12m).toBe(900 + 1500 + 100);
      expect(res.body.meta).toEqual({ page: 1, pageSize: 10, total: 6, pages: 1 });
    });

    it('sorts by cascade part and by revenue at risk, filters by minimum risk and role, and pages', async () => {
      const cascade = await t.call('GET', '/api/v1/analytics/churn?sort=cascade&pageSize=1', { as: admin.headers });
      const parts = { [id.S1]: pS1 - rS1, [id.C1]: pC1 - rC1, [id.C2]: pC2 - rC2, [id.S2]: pS2 - rS2 };
      const top = Object.entries(parts).sort((a, b) => b[1] - a[1])[0]![0];
      expect(cascade.body.items.map((i: any) => i.companyId)).toEqual([Number(top)]);
      expect(cascade.body.meta.pages).toBe(6);

      const money = await t.call('GET', '/api/v1/analytics/churn?sort=revenueAtRisk&pageSize=2', { as: admin.headers });
      expect(money.body.items.map((i: any) => i.companyId)).toEqual([id.C2, id.S2]);

      const risky = await t.call('GET', `/api/v1/analytics/churn?minRisk=${(pC2 + pS2) / 2}`, { as: admin.headers });
      expect(risky.body.items.map((i: any) => i.companyId)).toEqual([id.S2]);
      expect(risky.body.totals.companies).toBe(1);

      const shippers = await t.call('GET', '/api/v1/analytics/churn?role=shipper&sort=risk&order=asc', { as: admin.headers });
      expect(new Set(shippers.body.items.map((i: any) => i.companyId))).toEqual(new Set([id.S1, id.S2, id.S3]));

      const mine = await t.call('GET', `/api/v1/analytics/churn?accountManagerId=${manager.id}`, { as: admin.headers });
      expect(mine.body.items.map((i: any) => i.companyId)).toEqual([id.S1]);
    });

    it('scopes a manager to the portfolio and the companies paired with it', async () => {
      const res = await t.call('GET', '/api/v1/analytics/churn', { as: manager.headers });
      expect(res.status).toBe(200);
      expect(new Set(res.body.items.map((i: any) => i.companyId))).toEqual(new Set([id.S1, id.C1, id.C2]));
      expect(res.body.totals.expectedRevenueAtRisk).toBe(round2(600 * P11 + 300 * P12));
    });

    it('never shows a client churn risk, not even its own (403)', async () => {
      const res = await t.call('GET', '/api/v1/analytics/churn', { as: clientC1.headers });
      expect(res.status).toBe(403);
      expectErrorShape(res);
    });

    it('forbids operations', async () => {
      const res = await t.call('GET', '/api/v1/analytics/churn', { as: operations.headers });
      expect(res.status).toBe(403);
      expectErrorShape(res);
    });

    it('rejects malformed queries with 400', async () => {
      for (const q of ['minRisk=1.5', 'minRisk=abc', 'sort=name', 'order=up', 'page=0', 'pageSize=501', 'role=carrier', 'accountManagerId=-3']) {
        const res = await t.call('GET', `/api/v1/analytics/churn?${q}`, { as: admin.headers });
        expect(res.status, q).toBe(400);
        expectErrorShape(res);
      }
    });

    it('asks for sign-in', async () => {
      const res = await t.call('GET', '/api/v1/analytics/churn');
      expect(res.status).toBe(401);
    });
  });

  describe('GET /api/v1/companies/:id/churn', () => {
    it('gives drivers, exposures with pairs and weights, the ego network and the history', async () => {
      const res = await t.call('GET', `/api/v1/companies/${id.S1}/churn`, { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.risk).toBeCloseTo(pS1, 9);
      expect(res.body.drivers).toHaveLength(11);
      // Contagion α·w·m: from C2 0.5·(1/3)·m(C2→S1) ≈ 0.0076, from C1 0.5·(2/3)·r(C1) ≈ 0.0060.
      expect(res.body.exposures.map((e: any) => e.companyId)).toEqual([id.C2, id.C1]);
      expect(res.body.exposures[0]).toMatchObject({ name: 'Consignee Two', weight: expect.closeTo(1 / 3, 12) });
      expect(res.body.exposures[0].contagion).toBeCloseTo(alpha * (1 / 3) * mC2toS1, 9);
      expect(res.body.exposures[0].neighbourRisk).toBeCloseTo(mC2toS1, 9);
      expect(res.body.exposures[0].pairIds).toHaveLength(1);
      expect(res.body.ego.nodes).toHaveLength(3);
      expect(res.body.ego.nodes[0]).toMatchObject({ id: id.S1, centre: true });
      const edgeC2 = res.body.ego.edges.find((e: any) => e.neighbourId === id.C2);
      expect(edgeC2).toMatchObject({ shipments12m: 30, weight: expect.closeTo(1 / 3, 12), neighbourWeight: expect.closeTo(1 / 6, 12) });
      const nodeC2 = res.body.ego.nodes.find((n: any) => n.id === id.C2);
      expect(nodeC2).toMatchObject({ side: 'consignee', risk: expect.closeTo(pC2, 9) });
      expect(res.body.history).toHaveLength(1);
      expect(res.body.history[0].risk).toBeCloseTo(pS1, 9);
      expect(typeof res.body.advice.action).toBe('string');
    });

    it('never shows a client its own churn, drivers, CLV or retention budget (403)', async () => {
      const res = await t.call('GET', `/api/v1/companies/${id.C1}/churn`, { as: clientC1.headers });
      expect(res.status).toBe(403);
      expectErrorShape(res);
      expect(res.text).not.toContain(String(pC1));
    });

    it('answers 404 for another tenant’s company, and for an unknown one', async () => {
      for (const [user, company] of [[manager, id.S3], [admin, 987654]] as const) {
        const res = await t.call('GET', `/api/v1/companies/${company}/churn`, { as: user.headers });
        expect(res.status).toBe(404);
        expectErrorShape(res);
      }
    });

    it('rejects a malformed id with 400 and operations with 403', async () => {
      expect((await t.call('GET', '/api/v1/companies/abc/churn', { as: admin.headers })).status).toBe(400);
      expect((await t.call('GET', `/api/v1/companies/${id.S1}/churn`, { as: operations.headers })).status).toBe(403);
    });

    it('keeps the history of p over runs', async () => {
      const again = await t.call('POST', '/api/v1/analytics/churn/recompute', { as: manager.headers });
      expect(again.status).toBe(200);
      const res = await t.call('GET', `/api/v1/companies/${id.S1}/churn`, { as: admin.headers });
      expect(res.body.history).toHaveLength(2);
      expect(res.body.history[1].runId).toBe(again.body.runId);
    });
  });

  describe('POST /api/v1/analytics/churn/what-if', () => {
    it('pushes a lost shipper through the graph and sums the revenue that follows', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, body: { lost: [{ companyId: id.S1, probability: 1 }] } });
      expect(res.status).toBe(200);
      // S1 lost: m(S1→·) = 1. C1 depends on it wholly; C2 for a sixth; S2 through C2.
      const qC1 = 1 - (1 - rC1) * (1 - alpha);
      const qC2 = 1 - (1 - rC2) * (1 - alpha / 6) * (1 - alpha * (5 / 6) * mS2toC2);
      const mC2toS2Lost = 1 - (1 - rC2) * (1 - alpha / 6);
      const qS2 = 1 - (1 - rS2) * (1 - alpha * mC2toS2Lost);
      const by = new Map([...res.body.named, ...res.body.followers].map((a: any) => [a.companyId, a]));
      expect(res.body.named.map((a: any) => a.companyId)).toEqual([id.S1]);
      expect((by.get(id.S1) as any).risk).toBe(1);
      expect((by.get(id.C1) as any).risk).toBeCloseTo(qC1, 9);
      expect((by.get(id.C2) as any).risk).toBeCloseTo(qC2, 9);
      expect((by.get(id.S2) as any).risk).toBeCloseTo(qS2, 9);
      expect((by.get(id.S2) as any).baseline).toBeCloseTo(pS2, 9);
      // followers: those whose p rises by at least a point, by the rise
      const rises: [number, number][] = [[id.C1, qC1 - pC1], [id.C2, qC2 - pC2], [id.S2, qS2 - pS2]];
      const following = rises.filter(([, rise]) => rise >= 0.01).sort((a, b) => b[1] - a[1]).map(([company]) => company);
      expect(following.length).toBeGreaterThan(0);
      expect(res.body.followers.map((a: any) => a.companyId)).toEqual(following);
      expect(res.body.movedCount).toBe(3);
      expect(res.body.followerCount).toBe(following.length);
      expect(by.has(id.S3)).toBe(false);
      // S1's pairs are lost for sure; S2–C2 by the rise of P(either side churns)
      const P22lost = 1 - (1 - mS2toC2) * (1 - mC2toS2Lost);
      expect(res.body.explanation.onNamedPairs).toBeCloseTo(600 * (1 - P11) + 300 * (1 - P12), 1);
      expect(res.body.explanation.onFollowersPairs).toBeCloseTo(1500 * (P22lost - P22), 1);
      expect(res.body.expectedRevenueLost).toBeCloseTo(600 * (1 - P11) + 300 * (1 - P12) + 1500 * (P22lost - P22), 1);
      expect(res.body.pairs[0]).toMatchObject({ shipper: { id: id.S1 }, consignee: { id: id.C1 }, revenue12m: 600 });
      expect(res.body.explanation.sentence).toBe(`Expected revenue lost over the next 12 months: ${res.body.expectedRevenueLost.toFixed(2)} — `
        + `${res.body.explanation.onNamedPairs.toFixed(2)} on the named companies' own pairs and ${res.body.explanation.onFollowersPairs.toFixed(2)} `
        + `on other pairs whose partners are likelier to follow (${res.body.explanation.pairs} pairs move).`);

      const all = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, body: { lost: [{ companyId: id.S1 }], minRise: 0 } });
      expect(all.body.followers).toHaveLength(3);
    });

    it('takes α from the request: α = 0 moves nobody but the named company', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, body: { lost: [{ companyId: id.S1 }], alpha: 0 } });
      expect(res.status).toBe(200);
      expect(res.body.alpha).toBe(0);
      expect(res.body.named.map((a: any) => a.companyId)).toEqual([id.S1]);
      expect(res.body.followers).toEqual([]);
      expect(res.body.expectedRevenueLost).toBeCloseTo(600 * (1 - either(rS1, rC1)) + 300 * (1 - either(rS1, rC2)), 1);
    });

    it('rejects probabilities outside [0, 1], unknown fields, an empty list and α outside [0, 1] with 400', async () => {
      const bodies = [
        { lost: [{ companyId: id.S1, probability: 1.5 }] },
        { lost: [{ companyId: id.S1, probability: -0.1 }] },
        { lost: [{ companyId: id.S1, probability: '1' }] },
        { lost: [{ companyId: id.S1, extra: true }] },
        { lost: [] },
        { lost: [{ companyId: id.S1 }], alpha: 2 },
        { lost: [{ companyId: id.S1 }], minRise: -0.1 },
        { lost: [{ companyId: id.S1 }], beta: 1 },
        { lost: [{ companyId: 'x' }] },
        {},
      ];
      for (const body of bodies) {
        const res = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expectErrorShape(res);
      }
      const raw = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, raw: '{"lost":', headers: { 'content-type': 'application/json' } });
      expect(raw.status).toBe(400);
    });

    it('answers 404 for an unknown company and for one the caller may not see', async () => {
      const unknown = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: admin.headers, body: { lost: [{ companyId: 987654 }] } });
      expect(unknown.status).toBe(404);
      expect(expectErrorShape(unknown).details).toEqual([{ path: 'lost.0.companyId', code: 'churn.not_scored', message: expect.any(String) }]);
      const foreign = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: manager.headers, body: { lost: [{ companyId: id.S3 }] } });
      expect(foreign.status).toBe(404);
    });

    it('is not for clients (403)', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: clientC1.headers, body: { lost: [{ companyId: id.C1, probability: 1 }] } });
      expect(res.status).toBe(403);
    });

    it('forbids operations', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/what-if', { as: operations.headers, body: { lost: [{ companyId: id.S1 }] } });
      expect(res.status).toBe(403);
    });
  });

  describe('POST /api/v1/analytics/churn/fit', () => {
    it('is for admins only', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/fit', { as: manager.headers });
      expect(res.status).toBe(403);
    });

    it('refuses to fit without churned companies in the history', async () => {
      const res = await t.call('POST', '/api/v1/analytics/churn/fit', { as: admin.headers });
      expect(res.status).toBe(400);
      expectErrorShape(res);
    });

    it('rejects a malformed query', async () => {
      for (const q of ['apply=yes', 'lambda=-1', 'lambda=x']) {
        const res = await t.call('POST', `/api/v1/analytics/churn/fit?${q}`, { as: admin.headers });
        expect(res.status, q).toBe(400);
      }
    });

    it('fits on a history of churned and retained companies, reports held-out AUC, and stores only when asked', async () => {
      // 60 more companies shipping to one hub: those with a falling volume (the second half) terminated 10 days ago.
      const hub = await newConsignee(t.db, { name: 'Hub' });
      for (let k = 0; k < 60; k++) {
        const falling = k >= 30;
        const company = await newCompany(t.db, {
          name: `History ${k}`, terminated_at: falling ? new Date(`${addDays(today, -10)}T04:00:00Z`) : null,
          lifecycle_stage: falling ? 'terminated' : 'maturity',
        });
        await newPair(t.db, company.id, hub.id);
        // Volume as of 40 days before today: previous 90 days 100; last 90 days 100 (kept) or 20 + k%5 (falling).
        await rollup(company.id, hub.id, 140, 100);
        await rollup(company.id, hub.id, 60, falling ? 20 + (k % 5) : 100 + (k % 7));
      }
      const before = await t.db.selectFrom('settings').select('value').where('key', '=', 'churn.coefficients').executeTakeFirst();
      expect(before).toBeUndefined();
      const res = await t.call('POST', '/api/v1/analytics/churn/fit?lambda=0.1', { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.applied).toBe(false);
      expect(res.body.train.churned + res.body.heldOut.churned).toBe(30);
      expect(res.body.train.companies + res.body.heldOut.companies).toBe(6 + 60 + 1);
      expect(res.body.coefficients.volumeDecline).toBeGreaterThan(1);
      expect(res.body.heldOut.auc).toBeGreaterThan(0.9);
      expect(res.body.heldOut.calibration).toHaveLength(5);
      expect(await t.db.selectFrom('settings').select('value').where('key', '=', 'churn.coefficients').executeTakeFirst()).toBeUndefined();

      const lastAuditId = (await t.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0;
      const applied = await t.call('POST', '/api/v1/analytics/churn/fit?lambda=0.1&apply=true', { as: admin.headers });
      expect(applied.status).toBe(200);
      expect(applied.body.applied).toBe(true);
      const stored = await t.db.selectFrom('settings').select('value').where('key', '=', 'churn.coefficients').executeTakeFirstOrThrow();
      expect((stored.value as any).volumeDecline).toBeCloseTo(applied.body.coefficients.volumeDecline, 9);
      // applying writes the two settings, each audited once as the admin's update, the coefficients with their new value
      const audit = await t.db.selectFrom('audit_log').select(['user_id', 'action', 'entity', 'entity_id', 'after'])
        .where('id', '>', Number(lastAuditId)).where('entity', '=', 'setting').orderBy('id').execute();
      expect(audit.map((a) => [a.user_id, a.action, a.entity_id])).toEqual([
        [admin.id, 'update', 'churn.coefficients'], [admin.id, 'update', 'churn.model'],
      ]);
      expect((audit[0].after as any).volumeDecline).toBeCloseTo(applied.body.coefficients.volumeDecline, 9);
    });
  });
});
