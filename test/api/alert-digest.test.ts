import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { newContract, newDepartment, newShipper, newUser } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { addDays, businessDay } from '../../api/domain/business-day';
import { evaluateAlerts } from '../../api/alerts/engine';
import { createMailer } from '../../api/alerts/mailer';
import { runDigestRound } from '../../api/alerts/digest';
import { createLogger } from '../../api/logger';
import type { testConfig } from '../../api/config';

const MINUTE = 60_000;

describe('the daily alert digest by e-mail', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });
  const t = useTestApp({ publicUrl: 'https://crm.example', digestHour: 7 });
  const logLines: string[] = [];
  const logger = createLogger('warn', (line) => logLines.push(line));
  const config = () => ({ ...t.deps.config, smtpUrl: smtp.url }) as ReturnType<typeof testConfig>;
  /** 09:00 in Shanghai today: after the digest hour */
  const morning = () => new Date(`${businessDay(new Date(), 'Asia/Shanghai')}T01:00:00Z`);

  async function managerWithEndingContracts(count: number, label: string) {
    const manager = await newUser(t.db, 'manager', { name: `Manager ${label}` });
    const shipper = await newShipper(t.db, { name: `Shipper ${label}`, account_manager_id: manager.id });
    const today = businessDay(new Date(), 'Asia/Shanghai');
    for (let i = 0; i < count; i++) await newContract(t.db, shipper.id, { code: `DG-${label}-${i}`, start_date: addDays(today, -300 - i), end_date: addDays(today, 20 + i) });
    return { manager, shipper };
  }

  it("sends each user one message with their own alerts only, once a day", async () => {
    const a = await managerWithEndingContracts(2, 'A');
    const b = await managerWithEndingContracts(1, 'B');
    await evaluateAlerts(t.db, t.deps.config, 'manual');
    const mailer = createMailer(config())!;
    const before7 = new Date(morning().getTime() - 3 * 60 * MINUTE); // 06:00 Shanghai
    expect(await runDigestRound(t.db, config(), mailer, logger, before7)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    const round = await runDigestRound(t.db, config(), mailer, logger, morning());
    expect(round.sent).toBe(2);
    const toA = smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes(a.manager.email));
    const toB = smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes(b.manager.email));
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);
    expect(toA[0].subject).toBe('2 new alerts · 2 条新提醒 — Logistics CRM');
    expect(toA[0].text).toContain('DG-A-0 of Shipper A ends on');
    expect(toA[0].text).toContain('DG-A-1 of Shipper A ends on');
    expect(toA[0].text).toContain('Shipper A 的合同 DG-A-0 将于');
    expect(toA[0].text).not.toContain('Shipper B');
    expect(toA[0].text).toMatch(/https:\/\/crm\.example\/inbox\?alert=\d+/);
    expect(toB[0].subject).toBe('1 new alert · 1 条新提醒 — Logistics CRM');
    expect(toB[0].text).toContain('DG-B-0 of Shipper B');
    expect(toB[0].text).not.toContain('Shipper A');
    // the same day again: nothing more, even with a new alert (it waits for tomorrow's digest)
    await newContract(t.db, a.shipper.id, { code: 'DG-A-late', start_date: '2025-01-01', end_date: addDays(businessDay(new Date(), 'Asia/Shanghai'), 40) });
    await evaluateAlerts(t.db, t.deps.config, 'manual');
    const again = await runDigestRound(t.db, config(), mailer, logger, new Date(morning().getTime() + 60 * MINUTE));
    expect(again.sent).toBe(0);
    expect(smtp.received.filter((m) => JSON.stringify(m.to).includes(a.manager.email))).toHaveLength(1);
    mailer.close();
  });

  it('retries a refused digest later and logs the failure; the request that raised the alert never notices', async () => {
    const m = await managerWithEndingContracts(0, 'C');
    const department = await newDepartment(t.db, m.shipper.id);
    const client = await newUser(t.db, 'client', { companyId: m.shipper.id });
    smtp.refuse = true;
    const answered = await t.call('POST', '/api/v1/surveys', { as: client.headers, body: { departmentId: department.id, recommend: 2 } });
    expect(answered.status).toBe(201);
    const alert = await t.db.selectFrom('alerts').select('id').where('company_id', '=', m.shipper.id).where('rule', '=', 'detractor_answer').executeTakeFirstOrThrow();

    const mailer = createMailer(config())!;
    const start = new Date(morning().getTime() + 2 * 60 * MINUTE);
    const mine = () => smtp.received.filter((x) => JSON.stringify(x.to).includes(m.manager.email));
    expect((await runDigestRound(t.db, config(), mailer, logger, start)).failed).toBe(1);
    expect(logLines.some((l) => l.includes('could not send the alert digest') && l.includes(`"userId":${m.manager.id}`))).toBe(true);
    const state = await t.db.selectFrom('alert_states').select('emailed_at').where('alert_id', '=', alert.id).executeTakeFirstOrThrow();
    expect(state.emailed_at).toBeNull();
    const digest = await t.db.selectFrom('alert_digests').selectAll().where('user_id', '=', m.manager.id).executeTakeFirstOrThrow();
    expect(digest).toMatchObject({ attempts: 1, sent_at: null });
    expect(digest.last_error).toMatch(/451|busy/i);
    // not before the back-off (one minute), then it goes through
    smtp.refuse = false;
    expect((await runDigestRound(t.db, config(), mailer, logger, new Date(start.getTime() + 30_000))).sent).toBe(0);
    expect(mine()).toHaveLength(0);
    expect((await runDigestRound(t.db, config(), mailer, logger, new Date(start.getTime() + 61_000))).sent).toBe(1);
    expect(mine()).toHaveLength(1);
    expect(mine()[0].text).toContain(`Detractor at Shipper C`);
    mailer.close();
  });

  it('runs the nightly evaluation once a business day, also across a restart', async () => {
    const { startWorkbenchClock } = await import('../../api/alerts/scheduler');
    const at = () => morning();
    const first = startWorkbenchClock(t.deps, { now: at, everyMs: 3_600_000 });
    await first();
    const after = await t.db.selectFrom('workbench_runs').selectAll().where('name', '=', 'alerts.nightly').executeTakeFirstOrThrow();
    expect(after.last_day).toBe(businessDay(morning(), 'Asia/Shanghai'));
    const restarted = startWorkbenchClock(t.deps, { now: at, everyMs: 3_600_000 });
    await restarted();
    const again = await t.db.selectFrom('workbench_runs').selectAll().where('name', '=', 'alerts.nightly').executeTakeFirstOrThrow();
    expect(again.last_at.getTime()).toBe(after.last_at.getTime());
  });

  it('survives an SMTP server that is down: the failure is recorded and logged', async () => {
    const m = await managerWithEndingContracts(1, 'D');
    await evaluateAlerts(t.db, t.deps.config, 'manual');
    const down = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'crm@test.local' })!;
    const round = await runDigestRound(t.db, config(), down, logger, new Date(morning().getTime() + 3 * 60 * MINUTE));
    expect(round.failed).toBeGreaterThanOrEqual(1);
    const digest = await t.db.selectFrom('alert_digests').selectAll().where('user_id', '=', m.manager.id).executeTakeFirstOrThrow();
    expect(digest.last_error).toMatch(/ECONNREFUSED|connect/i);
    down.close();
  });
});
