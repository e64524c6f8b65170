import type { DB } from '../../db/database';
import { hashPassword } from '../auth/secrets';
import { createRandom } from './random';
import { DEMO_PASSWORD } from './users';
import { demoCompanies, demoPairs } from './accounts-companies';
import { seedDepartmentsAndContacts, seedInteractions, type SeededCompany } from './accounts-people';
import { seedContracts } from './accounts-contracts';
import type { DemoCalendar } from './demo-calendar';

/** Client logins of the demo: a shipper, a distributor that is both, and two consignees. */
export const DEMO_CLIENT_LOGINS = [
  { email: 'client.sh001@demo.local', company: '华东电子制造有限公司 Huadong Electronics Manufacturing Co., Ltd.', role: 'shipper' },
  { email: 'client.ds001@demo.local', company: '粤港供应链管理有限公司 Yuegang Supply Chain Management Co., Ltd.', role: 'shipper and consignee' },
  { email: 'client.cn0001@demo.local', company: '申城优选超市 Shencheng Select Supermarkets', role: 'consignee' },
  { email: 'client.cn0002@demo.local', company: "成都安康人民医院 Chengdu Ankang People's Hospital", role: 'consignee' },
] as const;

/**
 * Demo accounts: ~30 shippers, 6 distributors that ship and receive, ~300 consignees, their pairs,
 * departments with weights, contacts, a year of interactions, contracts, and client logins.
 * Deterministic: the same rows on every machine.
 */
export async function seedAccounts(db: DB, staffIds: Record<string, number>, calendar: DemoCalendar) {
  const rng = createRandom(20261125);
  const managers = [staffIds['manager@demo.local'], staffIds['manager2@demo.local']].filter((id): id is number => id !== undefined);
  const pickManager = () => (managers.length === 0 ? null : managers[rng.chance(0.55) ? 0 : managers.length - 1]);
  const fixedManagers: Record<string, number | null> = { SH001: managers[0] ?? null, DS001: managers[0] ?? null, CN0001: managers[0] ?? null, CN0002: managers[managers.length - 1] ?? null };

  const companies = demoCompanies(rng).map((c) => ({
    ...c,
    customer_since: c.customer_since ? calendar.day(c.customer_since) : c.customer_since,
    account_manager_id: c.code in fixedManagers ? fixedManagers[c.code] : c.is_shipper || rng.chance(0.15) ? pickManager() : null,
  }));
  const pairCodes = demoPairs(rng, companies);

  return db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    for (let i = 0; i < companies.length; i += 200) {
      const rows = await trx.insertInto('companies').values(companies.slice(i, i + 200)).returning(['id', 'code']).execute();
      for (const r of rows) ids.set(r.code, r.id);
    }
    const pairRows = await trx.insertInto('customer_pairs')
      .values(pairCodes.map(([s, c]) => ({ shipper_id: ids.get(s)!, consignee_id: ids.get(c)!, source: 'manual' as const })))
      .returning(['id', 'shipper_id', 'consignee_id']).execute();

    const pairIdsOf = new Map<number, number[]>();
    for (const p of pairRows) {
      for (const side of [p.shipper_id, p.consignee_id]) pairIdsOf.set(side, [...(pairIdsOf.get(side) ?? []), p.id]);
    }
    const seeded: SeededCompany[] = companies.map((c) => ({
      id: ids.get(c.code)!, code: c.code, isShipper: c.is_shipper ?? false, estAnnualShipments: c.est_annual_shipments,
      accountManagerId: c.account_manager_id ?? null, pairIds: pairIdsOf.get(ids.get(c.code)!) ?? [],
    }));
    const departmentsOf = await seedDepartmentsAndContacts(trx, rng, seeded);
    const interactions = await seedInteractions(trx, rng, seeded, departmentsOf, managers, calendar.today);

    const industryOf = new Map(companies.map((c) => [ids.get(c.code)!, c.industry]));
    const contracts = await seedContracts(trx, rng, calendar, companies.filter((c) => c.is_shipper).map((c) => {
      const id = ids.get(c.code)!;
      const consigneeIds = pairRows.filter((p) => p.shipper_id === id).map((p) => p.consignee_id).sort((a, b) => a - b);
      return { id, code: c.code, estAnnualShipments: c.est_annual_shipments, consigneeIds, retailIds: consigneeIds.filter((cid) => industryOf.get(cid) === 'retail') };
    }));

    const password_hash = await hashPassword(DEMO_PASSWORD);
    for (const login of DEMO_CLIENT_LOGINS) {
      const code = login.email.slice('client.'.length, login.email.indexOf('@')).toUpperCase();
      await trx.insertInto('users').values({ email: login.email, name: login.company, role: 'client', company_id: ids.get(code)!, password_hash })
        .onConflict((oc) => oc.doNothing()).execute();
    }
    return { companies: companies.length, pairs: pairRows.length, departments: [...departmentsOf.values()].flat().length, interactions, contracts };
  });
}
