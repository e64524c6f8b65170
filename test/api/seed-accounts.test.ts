import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestApp } from '../helpers/test-app';
import { seedStaff } from '../../api/demo/users';
import { DEMO_CLIENT_LOGINS, seedAccounts } from '../../api/demo/accounts';
import { dateRangesOverlap, scopesIntersect } from '../../api/domain/contract-rules';
import { addDays } from '../../api/domain/business-day';
import { demoCalendarNow } from '../../api/demo/demo-calendar';

const calendar = demoCalendarNow('Asia/Shanghai');

describe('demo accounts seed', () => {
  const t = useTestApp();
  let summary: Awaited<ReturnType<typeof seedAccounts>>;

  beforeAll(async () => {
    summary = await seedAccounts(t.db, await seedStaff(t.db), calendar);
  });

  it('creates tens of shippers, several distributors and hundreds of consignees, every consignee paired', async () => {
    const { rows } = await sql<{ shippers: number; both: number; consignees: number; unpaired: number }>`
      select count(*) filter (where is_shipper and not is_consignee)::int as shippers,
             count(*) filter (where is_shipper and is_consignee)::int as both,
             count(*) filter (where is_consignee and not is_shipper)::int as consignees,
             count(*) filter (where is_consignee and not exists (select 1 from customer_pairs p where p.consignee_id = companies.id))::int as unpaired
      from companies`.execute(t.db);
    expect(rows[0]).toEqual({ shippers: 30, both: 6, consignees: 300, unpaired: 0 });
    expect(summary.companies).toBe(336);
  });

  it('gives every shipper between 5 and 40 consignees, and shares some consignees among shippers', async () => {
    const perShipper = await t.db.selectFrom('customer_pairs').select((eb) => ['shipper_id', eb.fn.countAll<number>().as('n')]).groupBy('shipper_id').execute();
    for (const s of perShipper) expect(Number(s.n)).toBeGreaterThanOrEqual(5);
    for (const s of perShipper) expect(Number(s.n)).toBeLessThanOrEqual(45);
    const shared = await t.db.selectFrom('customer_pairs').select('consignee_id').groupBy('consignee_id').having((eb) => eb.fn.countAll(), '>', 1).execute();
    expect(shared.length).toBeGreaterThan(20);
  });

  it('keeps the given department weights of each company at or below 1', async () => {
    const over = await t.db.selectFrom('departments').select('company_id').groupBy('company_id').having((eb) => eb.fn.sum('weight'), '>', 1).execute();
    expect(over).toEqual([]);
  });

  it('has no two live contracts of a shipper overlapping on the same consignees, and a window-mode one', async () => {
    const contracts = await t.db.selectFrom('contracts').select(['id', 'shipper_id', 'start_date', 'end_date', 'early_tolerance_minutes']).execute();
    const scopes = await t.db.selectFrom('contract_consignees').selectAll().execute();
    const scopeOf = (id: number) => scopes.filter((s) => s.contract_id === id).map((s) => s.consignee_id);
    for (const a of contracts) {
      for (const b of contracts) {
        if (a.id >= b.id || a.shipper_id !== b.shipper_id) continue;
        const clash = dateRangesOverlap({ start: a.start_date, end: a.end_date }, { start: b.start_date, end: b.end_date })
          && scopesIntersect(scopeOf(a.id), scopeOf(b.id));
        expect(clash, `contracts ${a.id} and ${b.id}`).toBe(false);
      }
    }
    expect(contracts.some((c) => c.early_tolerance_minutes !== null)).toBe(true);
    // some end within 60 days of the load day
    expect(contracts.filter((c) => c.end_date >= calendar.today && c.end_date <= addDays(calendar.today, 60)).length).toBeGreaterThan(3);
  });

  it('records complaints and claims as cases: opened when they occur, resolved after, recent ones often still open', async () => {
    const rows = await t.db.selectFrom('interactions').select(['kind', 'occurred_at', 'opened_at', 'resolved_at']).execute();
    const cases = rows.filter((r) => r.kind === 'complaint' || r.kind === 'claim');
    const others = rows.filter((r) => r.kind !== 'complaint' && r.kind !== 'claim');
    // only a case is opened or resolved; it opens when it occurs and resolves after that, before the load day
    expect(others.filter((r) => r.opened_at !== null || r.resolved_at !== null)).toEqual([]);
    expect(cases.filter((r) => r.opened_at?.getTime() !== r.occurred_at.getTime())).toEqual([]);
    const end = Date.parse(`${calendar.today}T00:00:00Z`);
    const resolved = cases.filter((r) => r.resolved_at !== null);
    expect(resolved.filter((r) => !(r.resolved_at!.getTime() > r.opened_at!.getTime() && r.resolved_at!.getTime() < end))).toEqual([]);
    // about half the cases of the last 30 days are left open (a coin each), far fewer of the older ones (4 % plus those still running)
    const recent = cases.filter((r) => end - r.occurred_at.getTime() < 30 * 86_400_000);
    const older = cases.filter((r) => end - r.occurred_at.getTime() >= 30 * 86_400_000);
    const openShare = (list: typeof cases) => list.filter((r) => r.resolved_at === null).length / list.length;
    expect(recent.length).toBeGreaterThan(10);
    expect(openShare(recent)).toBeGreaterThan(0.3);
    expect(openShare(older)).toBeLessThan(0.15);
    expect(resolved.some((r) => r.kind === 'claim')).toBe(true);
  });

  it('creates the client logins, each bound to its company, able to sign in', async () => {
    for (const login of DEMO_CLIENT_LOGINS) {
      const res = await t.call('POST', '/api/v1/auth/login', { body: { email: login.email, password: 'demo-password' } });
      expect(res.status, login.email).toBe(200);
      const user = await t.db.selectFrom('users').innerJoin('companies', 'companies.id', 'users.company_id')
        .select(['users.role', 'companies.name']).where('users.email', '=', login.email).executeTakeFirstOrThrow();
      expect(user).toEqual({ role: 'client', name: login.company });
    }
  });
});
