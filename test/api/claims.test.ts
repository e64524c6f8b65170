import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape, errorPaths, callApp } from '../helpers/test-app';
import { newConsignee, newContract, newDelivery, newShipper, newUser, type TestUser } from '../helpers/factories';
import type { Actor } from '../../api/context';
import { fileClaim, moveClaim, settleClaim } from '../../api/claims/service';
import { evaluateAlerts } from '../../api/alerts/engine';
import { claimOverdueRule } from '../../api/alerts/rules/claim-overdue';
import { rebuildAllRollups } from '../../api/queries/rollups';

const DIR = path.join(os.tmpdir(), `crm-claims-test-${process.pid}`);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const actorOf = (u: TestUser, name = 'x'): Actor => ({ userId: u.id, email: u.email, name, role: u.role, companyId: u.companyId, via: 'token' });

describe('claims (OS&D)', () => {
  const t = useTestApp({ attachmentsDir: DIR, maxAttachmentBytes: 1000 });
  let admin: TestUser; let mgr: TestUser; let otherMgr: TestUser; let ops: TestUser;
  let cliS: TestUser; let cliC: TestUser; let cliOther: TestUser;
  let shipper: { id: number }; let consignee: { id: number }; let other: { id: number };
  let contract: { id: number };

  beforeAll(async () => {
    await rm(DIR, { recursive: true, force: true });
    admin = await newUser(t.db, 'admin');
    mgr = await newUser(t.db, 'manager');
    otherMgr = await newUser(t.db, 'manager');
    ops = await newUser(t.db, 'operations');
    shipper = await newShipper(t.db, { account_manager_id: mgr.id });
    consignee = await newConsignee(t.db);
    other = await newShipper(t.db, { account_manager_id: otherMgr.id });
    contract = await newContract(t.db, shipper.id, { claim_response_hours: 24 });
    await newDelivery(t.db, shipper.id, consignee.id, { tracking_no: 'CL-T1', revenue: 100, contract_id: contract.id });
    await newDelivery(t.db, shipper.id, consignee.id, { tracking_no: 'CL-T2', revenue: 50, contract_id: contract.id });
    await newDelivery(t.db, other.id, consignee.id, { tracking_no: 'CL-T9', revenue: 80 });
    cliS = await newUser(t.db, 'client', { companyId: shipper.id });
    cliC = await newUser(t.db, 'client', { companyId: consignee.id });
    cliOther = await newUser(t.db, 'client', { companyId: other.id });
  });

  const file = (as: TestUser, body: Record<string, unknown>, lang = 'en') =>
    t.call('POST', `/api/v1/claims?lang=${lang}`, { as: as.headers, body });
  const move = (as: TestUser, id: number, status: string) => t.call('POST', `/api/v1/claims/${id}/status`, { as: as.headers, body: { status } });

  it('lets a shipper client file a claim on its deliveries, up to 3 × their revenue (150 → 450)', async () => {
    const res = await file(cliS, { trackingNos: ['CL-T1', 'CL-T2'], kind: 'damaged', amountClaimed: 450, description: 'crushed boxes' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'damaged', status: 'filed', shipperId: shipper.id, filedCompanyId: shipper.id, contractId: contract.id,
      amountClaimed: 450, amountSettled: null, currency: 'CNY', responseTargetHours: 24, responseHours: null, respondedLate: false,
    });
    expect(res.body.deliveries.map((d: any) => d.trackingNo)).toEqual(['CL-T1', 'CL-T2']);
    expect(res.body.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'filed' })]);
    expect(res.body).not.toHaveProperty('revenue');
  });

  it('refuses an amount over the multiple, or negative, naming the field in en and zh; nothing is stored', async () => {
    const before = await t.db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const over = await file(cliS, { trackingNos: ['CL-T1', 'CL-T2'], kind: 'damaged', amountClaimed: 450.01 });
    expect(over.status).toBe(400);
    expect(errorPaths(over)).toEqual(['amountClaimed']);
    expect(over.body.error.message).toBe('At most 3 × the deliveries’ revenue (450 CNY).');
    const zh = await file(cliS, { trackingNos: ['CL-T1'], kind: 'short', amountClaimed: 301 }, 'zh');
    expect(zh.status).toBe(400);
    expect(zh.body.error.message).toBe('索赔金额最多为相关运单收入的 3 倍（300 元）。');
    const negative = await file(cliS, { trackingNos: ['CL-T1'], kind: 'short', amountClaimed: -1 });
    expect(negative.status).toBe(400);
    expect(errorPaths(negative)).toEqual(['amountClaimed']);
    const negZh = await file(cliS, { trackingNos: ['CL-T1'], kind: 'short', amountClaimed: -1 }, 'zh');
    expect(negZh.body.error.details[0].message).toBe('不能小于 0。');
    const after = await t.db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('follows the setting claims.maxAmountMultiple', async () => {
    await t.db.insertInto('settings').values({ key: 'claims.maxAmountMultiple', value: JSON.stringify(1) as never }).execute();
    try {
      const res = await file(cliS, { trackingNos: ['CL-T1'], kind: 'lost', amountClaimed: 100.5 });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].params).toMatchObject({ multiple: 1, maximum: 100 });
    } finally {
      await t.db.deleteFrom('settings').where('key', '=', 'claims.maxAmountMultiple').execute();
    }
  });

  it('answers 404 for a delivery the client may not see, and 400 for deliveries of two shippers', async () => {
    const foreign = await file(cliS, { trackingNos: ['CL-T9'], kind: 'lost', amountClaimed: 10 });
    expect(foreign.status).toBe(404);
    expectErrorShape(foreign);
    const mixed = await file(admin, { trackingNos: ['CL-T1', 'CL-T9'], kind: 'lost', amountClaimed: 10 });
    expect(mixed.status).toBe(400);
    expect(errorPaths(mixed)).toEqual(['trackingNos']);
  });

  it('lets a consignee client file on a delivery made to it; each client lists only its own claims', async () => {
    const res = await file(cliC, { trackingNos: ['CL-T9'], kind: 'short', amountClaimed: 20 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ shipperId: other.id, filedCompanyId: consignee.id, responseTargetHours: 48 });
    const mine = await t.call('GET', '/api/v1/claims', { as: cliC.headers });
    expect(mine.body.items.map((c: any) => c.id)).toEqual([res.body.id]);
    expect(mine.body.meta).toEqual({ page: 1, pageSize: 50, total: 1, pages: 1 });
    expect((await t.call('GET', `/api/v1/claims/${res.body.id}`, { as: cliS.headers })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/claims/${res.body.id}`, { as: cliOther.headers })).status).toBe(404);
    const shipperList = await t.call('GET', '/api/v1/claims', { as: cliS.headers });
    expect(shipperList.body.items.every((c: any) => c.filedCompanyId === shipper.id)).toBe(true);
  });

  it('scopes managers to their reach: the shipper\'s manager works it, another manager gets 404', async () => {
    const res = await file(cliS, { trackingNos: ['CL-T1'], kind: 'over', amountClaimed: 10 });
    const id = res.body.id;
    expect((await t.call('GET', `/api/v1/claims/${id}`, { as: otherMgr.headers })).status).toBe(404);
    expect((await move(otherMgr, id, 'acknowledged')).status).toBe(404);
    const list = await t.call('GET', '/api/v1/claims?pageSize=500', { as: otherMgr.headers });
    expect(list.body.items.map((c: any) => c.id)).not.toContain(id);
    expect((await move(cliS, id, 'acknowledged')).status).toBe(403);
    const ok = await move(ops, id, 'acknowledged');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ canWork: true, nextStatuses: ['investigating'], settleable: true });
    // the filing client follows the claim but takes no step
    const seen = await t.call('GET', `/api/v1/claims/${id}`, { as: cliS.headers });
    expect(seen.body).toMatchObject({ canWork: false, nextStatuses: [], settleable: false });
    const filtered = await t.call('GET', `/api/v1/claims?status=acknowledged&kind=over&companyId=${shipper.id}`, { as: mgr.headers });
    expect(filtered.body.items.map((c: any) => c.id)).toEqual([id]);
  });

  it('moves through filed → acknowledged → investigating → approved → paid, 409 for any other step, timed, audited', async () => {
    const filedAt = new Date('2026-03-11T00:00:00Z');
    const claim = await fileClaim(t.db, actorOf(cliS), { trackingNos: ['CL-T2'], kind: 'damaged', amountClaimed: 120, description: '' }, 'Asia/Shanghai', filedAt);
    const id = claim.id;
    const task = await t.db.selectFrom('tasks').selectAll().where('claim_id', '=', id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ owner_id: mgr.id, company_id: shipper.id, status: 'open', priority: 'high' });
    expect(task.due_at!.toISOString()).toBe('2026-03-12T00:00:00.000Z');

    const illegal = await move(mgr, id, 'investigating');
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.message).toBe('A claim cannot move from filed to investigating.');
    const illegalZh = await t.call('POST', `/api/v1/claims/${id}/status?lang=zh`, { as: mgr.headers, body: { status: 'paid' } });
    expect(illegalZh.body.error.message).toBe('索赔不能从“filed”变为“paid”。');

    const ack = await moveClaim(t.db, actorOf(mgr), id, 'acknowledged', 'on it', new Date('2026-03-12T06:00:00Z'));
    expect(ack).toMatchObject({ status: 'acknowledged', responseHours: 30, respondedLate: true, acknowledgedAt: '2026-03-12T06:00:00.000Z' });
    expect((await t.db.selectFrom('tasks').select(['status']).where('claim_id', '=', id).executeTakeFirstOrThrow()).status).toBe('done');
    expect((await move(mgr, id, 'paid')).status).toBe(409);
    expect((await move(mgr, id, 'investigating')).status).toBe(200);
    expect((await move(mgr, id, 'approved')).status).toBe(200);
    const unpaid = await move(mgr, id, 'paid');
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.message).toBe('Set the settled amount before marking the claim paid.');
    const tooMuch = await t.call('PUT', `/api/v1/claims/${id}/settlement`, { as: mgr.headers, body: { amountSettled: 121, note: 'x' } });
    expect(tooMuch.status).toBe(400);
    expect(errorPaths(tooMuch)).toEqual(['amountSettled']);
    const settled = await t.call('PUT', `/api/v1/claims/${id}/settlement`, { as: mgr.headers, body: { amountSettled: 80, note: 'two cartons' } });
    expect(settled.body).toMatchObject({ amountSettled: 80, settlementNote: 'two cartons' });
    const paid = await move(mgr, id, 'paid');
    expect(paid.status).toBe(200);
    expect(paid.body.paidAt).not.toBeNull();
    expect(paid.body.history.map((h: any) => `${h.fromStatus}>${h.toStatus}`)).toEqual([
      'null>filed', 'filed>acknowledged', 'acknowledged>investigating', 'investigating>approved', 'approved>paid',
    ]);
    expect(paid.body.history[1]).toMatchObject({ at: '2026-03-12T06:00:00.000Z', note: 'on it' });
    expect((await move(mgr, id, 'rejected')).status).toBe(409);
    expect((await t.call('PUT', `/api/v1/claims/${id}/settlement`, { as: mgr.headers, body: { amountSettled: 10, note: 'x' } })).status).toBe(409);
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity', '=', 'claim').where('entity_id', '=', String(id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'claim.acknowledged', 'claim.investigating', 'claim.approved', 'claim.settle', 'claim.paid']);
  });

  it('stores a PNG by its bytes and serves it to those who may see the claim only', async () => {
    const id = (await file(cliS, { trackingNos: ['CL-T1'], kind: 'damaged', amountClaimed: 5 })).body.id;
    const upload = async (as: TestUser, bytes: Uint8Array<ArrayBuffer>, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'image/png' }), name);
      const res = await t.app.request(`/api/v1/claims/${id}/attachments`, { method: 'POST', headers: as.headers, body: form });
      return { status: res.status, body: await res.json() as any };
    };
    const ok = await upload(cliS, PNG, 'photo.png');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fileName: 'photo.png', contentType: 'image/png', bytes: 16 });
    const files = await readdir(DIR);
    expect(files).toHaveLength(1);
    const got = await t.app.request(`/api/v1/claims/${id}/attachments/${ok.body.id}`, { headers: mgr.headers });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);
    expect((await callApp(t.app, 'GET', `/api/v1/claims/${id}/attachments/${ok.body.id}`, { as: cliOther.headers })).status).toBe(404);
    expect((await callApp(t.app, 'GET', `/api/v1/claims/${id}/attachments/${ok.body.id}`, { as: otherMgr.headers })).status).toBe(404);

    const text = await upload(cliS, new TextEncoder().encode("<html>not a photo</html>") as Uint8Array<ArrayBuffer>, 'evil.png');
    expect(text.status).toBe(415);
    expect(text.body.error.details[0].path).toBe('file');
    const big = new Uint8Array(1001); big.set(PNG);
    const tooBig = await upload(cliS, big, 'big.png');
    expect(tooBig.status).toBe(413);
    expect(await readdir(DIR)).toEqual(files);
    const detail = await t.call('GET', `/api/v1/claims/${id}`, { as: cliS.headers });
    expect(detail.body.attachments).toHaveLength(1);
    expect((await upload(cliOther, PNG, 'x.png')).status).toBe(404);
  });

  it('exports CSV through the formula guard', async () => {
    await file(cliS, { trackingNos: ['CL-T1'], kind: 'short', amountClaimed: 7, description: '=HYPERLINK("x")' });
    const csv = await t.call('GET', '/api/v1/claims?format=csv&kind=short', { as: cliS.headers });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toContain('amount_claimed');
  });

  describe('effects', () => {
    let p: { id: number }; let k: { id: number };
    beforeAll(async () => {
      p = await newShipper(t.db, { account_manager_id: mgr.id });
      k = await newContract(t.db, p.id, { claim_response_hours: 10, start_date: '2026-01-01', end_date: '2027-12-31' });
      const day = new Date(Date.now() - 10 * 86_400_000);
      await newDelivery(t.db, p.id, consignee.id, { tracking_no: 'EF-1', revenue: 1000, cost: 600, contract_id: k.id, promised_at: day, delivered_at: day });
      await rebuildAllRollups(t.db, 'Asia/Shanghai');
    });

    it('subtracts claims paid in the 12 months from profit: 1000 − 600 − 200 = 200', async () => {
      const a = actorOf(admin);
      const c = await fileClaim(t.db, a, { trackingNos: ['EF-1'], kind: 'lost', amountClaimed: 500, description: '' }, 'Asia/Shanghai');
      for (const step of ['acknowledged', 'investigating', 'approved'] as const) await moveClaim(t.db, a, c.id, step, null);
      await settleClaim(t.db, a, c.id, 200, 'agreed');
      await moveClaim(t.db, a, c.id, 'paid', null);
      // paid 400 days ago: outside the window, not subtracted
      await t.db.insertInto('claims').values({
        shipper_id: p.id, filed_company_id: p.id, kind: 'lost', status: 'paid', amount_claimed: 999, amount_settled: 999,
        response_target_hours: 10, filed_at: new Date(Date.now() - 420 * 86_400_000), paid_at: new Date(Date.now() - 400 * 86_400_000),
      }).execute();
      const res = await t.call('GET', `/api/v1/companies/${p.id}/value`, { as: admin.headers });
      expect(res.status).toBe(200);
      expect(res.body.value).toMatchObject({ revenue: 1000, cost: 600, claimsPaid: 200, profit: 200 });
    });

    it('adds claim figures to the contract compliance of the month: 3 filed, 2 late, average 10 h against 10 h', async () => {
      const a = actorOf(admin);
      const file3 = async (at: string, ackAfterHours: number | null) => {
        const c = await fileClaim(t.db, a, { trackingNos: ['EF-1'], kind: 'damaged', amountClaimed: 10, description: '' }, 'Asia/Shanghai', new Date(at));
        if (ackAfterHours !== null) await moveClaim(t.db, a, c.id, 'acknowledged', null, new Date(new Date(at).getTime() + ackAfterHours * 3600_000));
        return c;
      };
      await file3('2026-04-02T00:00:00Z', 4);
      await file3('2026-04-10T00:00:00Z', 16);
      await file3('2026-04-20T00:00:00Z', null);
      const res = await t.call('GET', `/api/v1/contracts/${k.id}/compliance?from=2026-04-01&to=2026-05-31`, { as: mgr.headers });
      expect(res.status).toBe(200);
      expect(res.body.months.map((m: any) => [m.month, m.claims])).toEqual([
        ['2026-04', { filed: 3, responded: 2, respondedLate: 2, averageResponseHours: 10, targetHours: 10 }],
        ['2026-05', { filed: 0, responded: 0, respondedLate: 0, averageResponseHours: null, targetHours: 10 }],
      ]);
      expect(res.body.total.claims).toEqual({ filed: 3, responded: 2, respondedLate: 2, averageResponseHours: 10, targetHours: 10 });
    });

    it('raises claim_overdue once when the unanswered claim passes its target, not a second before', async () => {
      const run = (now: string) => evaluateAlerts(t.db, t.deps.config, 'manual', { now: new Date(now), companyIds: [p.id], rules: [claimOverdueRule] });
      expect((await run('2026-04-20T09:59:59Z')).raised).toBe(0);
      const first = await run('2026-04-20T10:00:01Z');
      expect(first).toMatchObject({ found: 1, raised: 1 });
      expect((await run('2026-04-21T10:00:01Z')).raised).toBe(0);
      const alerts = await t.db.selectFrom('alerts').selectAll().where('rule', '=', 'claim_overdue').where('company_id', '=', p.id).execute();
      expect(alerts).toHaveLength(1);
      const claim = await t.db.selectFrom('claims').select('id').where('shipper_id', '=', p.id).where('status', '=', 'filed').executeTakeFirstOrThrow();
      expect(alerts[0].cause_key).toBe(`claim_overdue:claim=${claim.id}`);
      const routed = await t.db.selectFrom('alert_states').select('user_id').where('alert_id', '=', alerts[0].id).execute();
      expect(routed.map((r) => r.user_id)).toEqual([mgr.id]);
    });

    it('shows claims on the company timeline', async () => {
      const res = await t.call('GET', `/api/v1/companies/${p.id}/timeline?kinds=claim`, { as: mgr.headers });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(5);
      expect(res.body.items[0]).toMatchObject({ kind: 'claim', data: { claimKind: 'lost', status: 'paid', amountClaimed: 500 } });
    });
  });
});
