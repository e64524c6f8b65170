import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newConsignee, newContract, newDepartment, newPair, newRollup, newShipper, newUser } from '../helpers/factories';
import { alertsOf, deliveryRows, evaluate, importRows } from '../helpers/workbench-world';
import { createDeps } from '../../api/bootstrap';
import { testConfig } from '../../api/config';
import { evaluateAlerts } from '../../api/alerts/engine';
import { addDays } from '../../api/domain/business-day';

/** 2026-03-20 noon in Shanghai: February is closed (settled on the 4th), March is two-thirds gone. */
const NOW = new Date('2026-03-20T04:00:00Z');
const DAY_MS = 86_400_000;
const FEB = Array.from({ length: 20 }, (_, i) => `2026-02-${String(i + 2).padStart(2, '0')}`);
const MARCH = Array.from({ length: 19 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);

let worlds = 0;
async function contractWorld(t: ReturnType<typeof useTestApp>) {
  const n = ++worlds;
  const manager = await newUser(t.db, 'manager');
  const shipper = await newShipper(t.db, { code: `WS${n}`, name: `Shipper ${n}`, account_manager_id: manager.id });
  const consignee = await newConsignee(t.db, { code: `WC${n}`, name: `Consignee ${n}` });
  // on time ≥ 95 %, in full ≥ 98 %, OTIF ≥ 93 %; credit 2 % from any shortfall, 5 % from five points
  const contract = await newContract(t.db, shipper.id, { code: `WK${n}`, start_date: '2026-01-01', end_date: '2026-12-31' });
  return { n, manager, shipper, consignee, contract, rows: (days: string[], count: number, late: number) => deliveryRows(`W${n}`, shipper.code, consignee.code, days, count, late, contract.code) };
}

describe('alert rules', () => {
  const t = useTestApp();

  describe('closed month in breach', () => {
    it('fires once for a closed month that missed on-time (18 of 20), also after a re-import and a restart', async () => {
      const w = await contractWorld(t);
      const file = w.rows(FEB, 20, 2);
      await importRows(t, file);
      const first = await evaluate(t, NOW);
      expect(first.byRule.closed_month_breach ?? 0).toBeGreaterThanOrEqual(1);
      await importRows(t, file); // the same file again
      await evaluate(t, NOW);
      const restarted = createDeps(t.handle, testConfig());
      await evaluateAlerts(restarted.handle.db, restarted.config, 'nightly', { now: NOW });
      const alerts = await alertsOf(t, 'closed_month_breach', w.shipper.id);
      expect(alerts).toHaveLength(1);
      const [alert] = alerts;
      expect(alert).toMatchObject({ contract_id: w.contract.id, period: '2026-02', severity: 'critical', cause_key: `closed_month_breach:contract=${w.contract.id}:2026-02` });
      // on-time 0.90 against 0.95 (five points: the 5 % tier), OTIF 0.90 against 0.93; credit 5 % of 10 000
      expect(alert.params).toMatchObject({ kpi: 'onTime', actual: 0.9, target: 0.95, credit: 500 });
      expect(alert.evidence.facts).toEqual(expect.arrayContaining([
        { key: 'onTime', value: 0.9, target: 0.95, unit: 'ratio' },
        { key: 'otif', value: 0.9, target: 0.93, unit: 'ratio' },
        { key: 'due', value: 20, unit: 'count' },
        { key: 'creditAmount', value: 500, unit: 'money' },
      ]));
      expect(alert.evidence.links[0]).toMatchObject({ type: 'compliance', id: w.contract.id, month: '2026-02' });
    });

    it('does not fire for 19 of 20 on time (exactly on target), below the minimum sample, or while the month settles', async () => {
      const onTarget = await contractWorld(t);
      await importRows(t, onTarget.rows(FEB, 20, 1));
      const small = await contractWorld(t);
      await importRows(t, small.rows(FEB, 19, 10));
      const settling = await contractWorld(t);
      await importRows(t, settling.rows(FEB, 20, 5));
      await evaluate(t, new Date('2026-03-03T04:00:00Z')); // February still settling (until the 3rd has passed)
      expect(await alertsOf(t, 'closed_month_breach', settling.shipper.id)).toHaveLength(0);
      await evaluate(t, NOW);
      expect(await alertsOf(t, 'closed_month_breach', onTarget.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'closed_month_breach', small.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'closed_month_breach', settling.shipper.id)).toHaveLength(1);
    });
  });

  describe('running month heading for a breach', () => {
    it('fires once when the month so far misses on-time with the minimum sample', async () => {
      const w = await contractWorld(t);
      await importRows(t, w.rows(MARCH, 20, 3));
      await evaluate(t, NOW, 'clock');
      await evaluate(t, NOW, 'clock');
      await evaluate(t, new Date(NOW.getTime() + DAY_MS), 'nightly');
      const alerts = await alertsOf(t, 'running_month_breach', w.shipper.id);
      expect(alerts).toHaveLength(1);
      // 20 due in 20 of 31 days → 31 projected; 17 on time: the other 11 need (0.95·31 − 17)/11 = 1.1318 → certain
      expect(alerts[0]).toMatchObject({ period: '2026-03', severity: 'critical' });
      expect(alerts[0].params).toMatchObject({ kpi: 'onTime', actual: 0.85, target: 0.95 });
      expect(alerts[0].evidence.facts).toEqual(expect.arrayContaining([
        { key: 'projectedDue', value: 31, unit: 'count' },
        { key: 'neededRate', value: 1.1318, unit: 'ratio' },
      ]));
    });

    it('does not fire on target, below the sample, or too early in the month', async () => {
      const onTarget = await contractWorld(t);
      await importRows(t, onTarget.rows(MARCH, 20, 1));
      const small = await contractWorld(t);
      await importRows(t, small.rows(MARCH, 19, 9));
      const early = await contractWorld(t);
      await importRows(t, early.rows(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'], 24, 6));
      await evaluate(t, new Date('2026-03-07T04:00:00Z'), 'clock'); // 7 of 31 days: 0.23 < 0.25
      expect(await alertsOf(t, 'running_month_breach', early.shipper.id)).toHaveLength(0);
      await evaluate(t, NOW, 'clock');
      expect(await alertsOf(t, 'running_month_breach', onTarget.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'running_month_breach', small.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'running_month_breach', early.shipper.id)).toHaveLength(1);
    });
  });

  describe("a pair's other side terminated", () => {
    it('fires once on the side that stays, with the volume exposed', async () => {
      const w = await contractWorld(t);
      const other = await newConsignee(t.db, { code: `WO${w.n}` });
      await importRows(t, [...w.rows(FEB, 30, 0), ...deliveryRows(`WX${w.n}`, w.shipper.code, other.code, FEB, 10, 0)]);
      await t.db.updateTable('companies').set({ terminated_at: new Date(NOW.getTime() - 10 * DAY_MS) }).where('id', '=', w.consignee.id).execute();
      await evaluate(t, NOW);
      await evaluate(t, NOW);
      const alerts = await alertsOf(t, 'partner_terminated', w.shipper.id);
      expect(alerts).toHaveLength(1);
      // 30 of the shipper's 40 shipments ran on the pair: 75 %
      expect(alerts[0].params).toMatchObject({ partner: w.consignee.name, shipments: 30, share: 0.75 });
      expect(alerts[0].severity).toBe('critical');
      expect(alerts[0].evidence.facts).toEqual(expect.arrayContaining([
        { key: 'terminatedOn', value: '2026-03-10', unit: 'date' }, { key: 'pairRevenue12m', value: 3000, unit: 'money' },
      ]));
      expect(await alertsOf(t, 'partner_terminated', w.consignee.id)).toHaveLength(0);
    });

    it('does not fire for a termination 31 days ago or a pair that carried nothing', async () => {
      const old = await contractWorld(t);
      await importRows(t, old.rows(FEB, 5, 0));
      await t.db.updateTable('companies').set({ terminated_at: new Date(NOW.getTime() - 31 * DAY_MS) }).where('id', '=', old.consignee.id).execute();
      const idle = await contractWorld(t);
      await newPair(t.db, idle.shipper.id, idle.consignee.id);
      await t.db.updateTable('companies').set({ terminated_at: new Date(NOW.getTime() - DAY_MS) }).where('id', '=', idle.consignee.id).execute();
      await evaluate(t, NOW);
      expect(await alertsOf(t, 'partner_terminated', old.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'partner_terminated', idle.shipper.id)).toHaveLength(0);
    });
  });

  describe("the volume on a pair collapsing", () => {
    // today 2026-03-20: the last 30 days are 02-19..03-20, the 90 before them 2025-11-21..02-18
    async function volumeWorld(recent: number) {
      const w = await contractWorld(t);
      await newPair(t.db, w.shipper.id, w.consignee.id);
      await newRollup(t.db, w.shipper.id, w.consignee.id, '2025-12-01', { shipments: 15, revenue: 1500 });
      await newRollup(t.db, w.shipper.id, w.consignee.id, '2026-01-15', { shipments: 15, revenue: 1500 });
      if (recent) await newRollup(t.db, w.shipper.id, w.consignee.id, '2026-03-01', { shipments: recent, revenue: recent * 100 });
      return w;
    }

    it('fires once on each side when the last 30 days fell by half (5 against 10 a month)', async () => {
      const w = await volumeWorld(5);
      await evaluate(t, NOW);
      await evaluate(t, NOW);
      for (const id of [w.shipper.id, w.consignee.id]) {
        const alerts = await alertsOf(t, 'pair_volume_collapse', id);
        expect(alerts).toHaveLength(1);
        expect(alerts[0].params).toMatchObject({ fall: 0.5, recent30: 5, share: 1 });
        expect(alerts[0].evidence.facts).toEqual(expect.arrayContaining([{ key: 'shipmentsPer30Before', value: 10, unit: 'count' }]));
      }
    });

    it('does not fire for a fall of 40 % (6 against 10)', async () => {
      const w = await volumeWorld(6);
      await evaluate(t, NOW);
      expect(await alertsOf(t, 'pair_volume_collapse', w.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'pair_volume_collapse', w.consignee.id)).toHaveLength(0);
    });
  });

  describe('a detractor answer', () => {
    it('fires once for a 6 submitted on the portal, not for a 7', async () => {
      const w = await contractWorld(t);
      const dept = await newDepartment(t.db, w.shipper.id, { name: `Warehouse ${w.n}` });
      const other = await newDepartment(t.db, w.shipper.id, { name: `Sales ${w.n}`, kind: 'sales' });
      const client = await newUser(t.db, 'client', { companyId: w.shipper.id });
      // a client answers once per department and survey period: the passive answer comes from another department
      const seven = await t.call('POST', '/api/v1/surveys', { as: client.headers, body: { departmentId: other.id, recommend: 7, timeliness: 4 } });
      expect(seven.status).toBe(201);
      expect(await alertsOf(t, 'detractor_answer', w.shipper.id)).toHaveLength(0);
      const six = await t.call('POST', '/api/v1/surveys', { as: client.headers, body: { departmentId: dept.id, recommend: 6, timeliness: 2, comment: 'late again' } });
      expect(six.status).toBe(201);
      await evaluateAlerts(t.db, t.deps.config, 'nightly');
      const alerts = await alertsOf(t, 'detractor_answer', w.shipper.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ cause_key: `detractor_answer:survey=${six.body.id}`, severity: 'warning' });
      expect(alerts[0].params).toMatchObject({ department: dept.name, recommend: 6 });
      const routed = await t.db.selectFrom('alert_states').select(['user_id', 'routed']).where('alert_id', '=', alerts[0].id).execute();
      expect(routed).toEqual([{ user_id: w.manager.id, routed: true }]);
    });
  });

  describe("a department's weighted satisfaction falling", () => {
    const items = (v: number) => ({ timeliness: v, accuracy: v, condition: v, billing: v, proactiveness: v, communication: v, value_added: v });
    async function satisfactionWorld(latest: number[]) {
      const w = await contractWorld(t);
      const dept = await newDepartment(t.db, w.shipper.id, { name: `Finance ${w.n}`, kind: 'finance' });
      const answer = (daysAgo: number, v: number) => t.db.insertInto('survey_responses').values({
        company_id: w.shipper.id, department_id: dept.id, side: 'shipper', submitted_at: new Date(NOW.getTime() - daysAgo * DAY_MS), ...items(v),
      }).execute();
      await answer(120, 4);
      for (const [i, v] of latest.entries()) await answer(10 + i, v);
      return w;
    }

    it('fires once when the score fell by half a point (4.0 → 3.5)', async () => {
      const w = await satisfactionWorld([3, 4]);
      await evaluate(t, NOW);
      await evaluate(t, NOW, 'survey', [w.shipper.id]);
      const alerts = await alertsOf(t, 'satisfaction_falling', w.shipper.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].params).toMatchObject({ latest: 3.5, previous: 4 });
    });

    it('does not fire for a fall of 0.4 (4.0 → 3.6)', async () => {
      const w = await satisfactionWorld([3, 4, 4, 3, 4]);
      await evaluate(t, NOW);
      expect(await alertsOf(t, 'satisfaction_falling', w.shipper.id)).toHaveLength(0);
    });
  });

  describe('a contract ending within 90 days without renewal', () => {
    // the world's own contract (2026) would count as a successor: these shippers have only the contracts named
    it('fires once for a contract ending in exactly 90 days', async () => {
      const w = await contractWorld(t);
      await t.db.deleteFrom('contracts').where('id', '=', w.contract.id).execute();
      const k = await newContract(t.db, w.shipper.id, { code: `WE${w.n}`, start_date: '2025-06-19', end_date: addDays('2026-03-20', 90) });
      await evaluate(t, NOW);
      await evaluate(t, new Date(NOW.getTime() + DAY_MS));
      const alerts = (await alertsOf(t, 'contract_ending', w.shipper.id)).filter((a) => a.contract_id === k.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].params).toMatchObject({ endDate: '2026-06-18', daysLeft: 90 });
    });

    it('does not fire at 91 days, for an auto-renewing contract or one with a successor', async () => {
      const w = await contractWorld(t);
      await t.db.deleteFrom('contracts').where('id', '=', w.contract.id).execute();
      const far = await newContract(t.db, w.shipper.id, { code: `WF${w.n}`, start_date: '2025-06-19', end_date: addDays('2026-03-20', 91) });
      const v = await contractWorld(t);
      await t.db.deleteFrom('contracts').where('id', '=', v.contract.id).execute();
      const auto = await newContract(t.db, v.shipper.id, { code: `WA${v.n}`, start_date: '2025-06-19', end_date: '2026-04-30', auto_renew: true });
      const x = await contractWorld(t);
      const renewed = await newContract(t.db, x.shipper.id, { code: `WR${x.n}`, start_date: '2025-05-01', end_date: '2026-04-30' });
      await t.db.deleteFrom('contracts').where('id', '=', x.contract.id).execute();
      await newContract(t.db, x.shipper.id, { code: `WN${x.n}`, start_date: '2026-05-01', end_date: '2027-04-30' });
      await evaluate(t, NOW);
      expect(await alertsOf(t, 'contract_ending', w.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'contract_ending', v.shipper.id)).toHaveLength(0);
      expect(await alertsOf(t, 'contract_ending', x.shipper.id)).toHaveLength(0);
      // the same contracts a day later: 90 days left for the far one, and it fires
      await evaluate(t, new Date(NOW.getTime() + DAY_MS));
      expect((await alertsOf(t, 'contract_ending', w.shipper.id)).map((a) => a.contract_id)).toEqual([far.id]);
      expect(await alertsOf(t, 'contract_ending', v.shipper.id)).toHaveLength(0);
      expect((await alertsOf(t, 'contract_ending', x.shipper.id)).map((a) => a.contract_id)).not.toContain(renewed.id);
    });
  });

  describe('a jump in churn risk', () => {
    it('fires once for a rise of ten points between two runs, not for nine', async () => {
      const up = await contractWorld(t);
      const flat = await contractWorld(t);
      const run = async (minutes: number) => Number((await t.db.insertInto('churn_runs').values({
        alpha: 0.5, tolerance: 1e-6, iterations: 3, converged: true, companies: 2, pairs: 0, computed_at: new Date(Date.UTC(2030, 0, 1, 0, minutes)),
      }).returning('id').executeTakeFirstOrThrow()).id);
      const score = (runId: number, companyId: number, risk: number) => t.db.insertInto('churn_scores').values({
        run_id: runId, company_id: companyId, direct_risk: risk / 2, total_risk: risk, cascade_risk: risk / 2,
      }).execute();
      const before = await run(1);
      await score(before, up.shipper.id, 0.2);
      await score(before, flat.shipper.id, 0.2);
      const after = await run(2);
      await score(after, up.shipper.id, 0.3);
      await score(after, flat.shipper.id, 0.29);
      await evaluate(t, NOW);
      await evaluate(t, NOW);
      const alerts = await alertsOf(t, 'churn_jump', up.shipper.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].params).toMatchObject({ before: 0.2, after: 0.3 });
      expect(await alertsOf(t, 'churn_jump', flat.shipper.id)).toHaveLength(0);
    });
  });
});
