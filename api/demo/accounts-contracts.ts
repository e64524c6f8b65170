import type { Executor } from '../../db/database';
import type { DemoCalendar } from './demo-calendar';
import type { Random } from './random';

export interface ContractShipper {
  id: number;
  code: string;
  estAnnualShipments: number;
  /** consignee ids paired with the shipper, and those among them that are retail chains */
  consigneeIds: number[];
  retailIds: number[];
}

const LEVELS = {
  gold: { on_time_target: 0.97, in_full_target: 0.99, otif_target: 0.96, max_damage_rate: 0.002, max_avg_transit_hours: 36, grace_minutes: 30, claim_response_hours: 24,
    credit_tiers: [{ shortfall: 0, percent: 0.03 }, { shortfall: 0.02, percent: 0.06 }, { shortfall: 0.05, percent: 0.12 }], credit_cap_percent: 0.2 },
  silver: { on_time_target: 0.95, in_full_target: 0.98, otif_target: 0.93, max_damage_rate: 0.005, max_avg_transit_hours: 48, grace_minutes: 60, claim_response_hours: 48,
    credit_tiers: [{ shortfall: 0, percent: 0.02 }, { shortfall: 0.03, percent: 0.05 }, { shortfall: 0.08, percent: 0.1 }], credit_cap_percent: 0.15 },
  bronze: { on_time_target: 0.92, in_full_target: 0.97, otif_target: 0.9, max_damage_rate: 0.01, max_avg_transit_hours: 72, grace_minutes: 120, claim_response_hours: 72,
    credit_tiers: [{ shortfall: 0, percent: 0.01 }, { shortfall: 0.05, percent: 0.05 }], credit_cap_percent: 0.1 },
} as const;

const STARTS = ['2025-07-01', '2025-10-01', '2025-11-01', '2025-11-01', '2025-11-01', '2025-11-01', '2026-01-01'];
const ENDS = ['2026-12-31', '2026-12-31', '2027-01-15', '2027-03-31', '2027-03-31', '2027-06-30', '2027-06-30', '2027-10-31', '2027-10-31'];
const LEVEL_NAMES = { gold: '金牌服务 Gold service', silver: '标准服务 Standard service', bronze: '经济服务 Economy service' };

/**
 * One running contract per shipper (2025 to 2026/2027, some ending within 60 days of the demo day,
 * half auto-renewing), an earlier one for some, and for a few shippers a retail OTIF programme in
 * window mode for their supermarket consignees, the main contract then covering the others.
 */
export async function seedContracts(db: Executor, rng: Random, calendar: DemoCalendar, shippers: readonly ContractShipper[]) {
  let count = 0;
  let windowPrograms = 0;
  for (const s of shippers) {
    const level = s.code === 'SH001' ? 'gold' : rng.pick(['gold', 'silver', 'silver', 'bronze'] as const);
    const terms = LEVELS[level];
    const start = calendar.day(s.code === 'SH001' ? '2025-11-01' : rng.pick(STARTS));
    const end = calendar.day(s.code === 'SH001' ? '2026-12-31' : rng.pick(ENDS));
    const fee = Math.round(Math.min(600_000, Math.max(20_000, s.estAnnualShipments * 2 / 12)) / 1000) * 1000;
    const windowed = s.retailIds.length >= 2 && s.retailIds.length < s.consigneeIds.length && (s.code === 'SH001' || (windowPrograms < 4 && rng.chance(0.3)));
    const retail = windowed ? s.retailIds.slice(0, Math.min(5, s.retailIds.length)) : [];
    const values = {
      shipper_id: s.id, name: `${start.slice(0, 4)} ${LEVEL_NAMES[level]}`, monthly_fee: fee, currency: 'CNY', auto_renew: rng.chance(0.5),
      ...terms, credit_tiers: JSON.stringify(terms.credit_tiers),
    };
    const main = await db.insertInto('contracts').values({ ...values, code: `HT-${s.code}-${start.slice(0, 4)}`, start_date: start, end_date: end })
      .returning('id').executeTakeFirstOrThrow();
    count++;
    if (windowed) {
      const rest = s.consigneeIds.filter((id) => !retail.includes(id));
      await db.insertInto('contract_consignees').values(rest.map((consignee_id) => ({ contract_id: main.id, consignee_id }))).execute();
      const program = await db.insertInto('contracts').values({
        ...values, code: `HT-${s.code}-RTL`, name: '零售 OTIF 计划 Retail OTIF programme', start_date: start, end_date: end, auto_renew: true,
        otif_target: 0.95, grace_minutes: 60, early_tolerance_minutes: 120, monthly_fee: Math.round(fee / 4000) * 1000,
        credit_tiers: JSON.stringify([{ shortfall: 0, percent: 0.03 }, { shortfall: 0.03, percent: 0.08 }]), credit_cap_percent: 0.15,
      }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('contract_consignees').values(retail.map((consignee_id) => ({ contract_id: program.id, consignee_id }))).execute();
      windowPrograms++;
      count++;
    }
    if (start >= calendar.day('2025-11-01') && rng.chance(0.4)) {
      const [y, m, d] = start.split('-').map(Number);
      const prevStart = new Date(Date.UTC(y - 1, m - 1, d)).toISOString().slice(0, 10); // 29 February → 1 March
      const prevEnd = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await db.insertInto('contracts').values({
        ...values, code: `HT-${s.code}-${prevStart.slice(0, 4)}`, name: `${prevStart.slice(0, 4)} ${LEVEL_NAMES[level]}`,
        start_date: prevStart, end_date: prevEnd, auto_renew: false, otif_target: Math.round((terms.otif_target - 0.02) * 100) / 100,
      }).execute();
      count++;
    }
  }
  return count;
}
