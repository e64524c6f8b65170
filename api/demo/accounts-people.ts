import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { DepartmentKind, InteractionKind } from '../../db/tables/accounts';
import type { Random } from './random';
import { DEPARTMENT_NAMES, GIVEN_NAMES, INTERACTION_SUMMARIES, SURNAMES, TITLES } from './accounts-names';

export interface SeededCompany {
  id: number;
  code: string;
  isShipper: boolean;
  estAnnualShipments: number;
  accountManagerId: number | null;
  pairIds: number[];
}

const SHIPPER_KINDS: DepartmentKind[] = ['procurement', 'logistics', 'warehouse', 'finance', 'sales', 'customer_service'];
const CONSIGNEE_KINDS: DepartmentKind[] = ['warehouse', 'procurement', 'finance', 'customer_service'];
const CHANNELS = ['phone', 'email', 'wechat', 'wechat', 'visit'];

function shuffled<T>(rng: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Given weights for some kinds (procurement and logistics decide renewals); the rest share what is left. */
function weightOf(rng: Random, kind: DepartmentKind, isShipper: boolean, explicit: boolean): number | null {
  if (!explicit) return null;
  if (isShipper) return ({ procurement: 0.3, logistics: 0.25, finance: 0.1 } as Partial<Record<DepartmentKind, number>>)[kind] ?? null;
  return kind === 'warehouse' ? 0.4 : kind === 'procurement' ? 0.3 : null;
}

/** Departments with weights and contacts (the first contact of each is its key contact). Returns department ids per company. */
export async function seedDepartmentsAndContacts(db: Executor, rng: Random, companies: readonly SeededCompany[]) {
  const departmentsOf = new Map<number, number[]>();
  const keyContacts: [number, number][] = [];
  for (const c of companies) {
    const big = c.isShipper || c.estAnnualShipments >= 8_000 || c.accountManagerId !== null;
    if (!big) continue;
    const kinds = c.isShipper
      ? shuffled(rng, SHIPPER_KINDS).slice(0, rng.int(4, 6))
      : shuffled(rng, CONSIGNEE_KINDS).slice(0, rng.int(2, 4));
    const explicit = rng.chance(0.6);
    const rows = await db.insertInto('departments').values(kinds.map((kind) => ({
      company_id: c.id, kind, name: DEPARTMENT_NAMES[kind], weight: weightOf(rng, kind, c.isShipper, explicit),
    }))).returning(['id', 'kind']).execute();
    departmentsOf.set(c.id, rows.map((r) => r.id));
    const contacts = rows.flatMap((d) => Array.from({ length: rng.int(1, 2) }, () => {
      const [sZh, sEn] = rng.pick(SURNAMES);
      const [gZh, gEn] = rng.pick(GIVEN_NAMES);
      return {
        company_id: c.id, department_id: d.id, name: `${sZh}${gZh} ${gEn} ${sEn}`, title: rng.pick(TITLES[d.kind]),
        email: `${gEn}.${sEn}${rng.int(1, 99)}@${c.code}.example.cn`.toLowerCase(),
        phone: `+86 1${rng.int(30, 99)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
        preferred_channel: rng.pick(CHANNELS),
      };
    }));
    const inserted = await db.insertInto('contacts').values(contacts).returning(['id', 'department_id']).execute();
    for (const d of rows) {
      const first = inserted.find((x) => x.department_id === d.id);
      if (first) keyContacts.push([d.id, first.id]);
    }
  }
  for (let i = 0; i < keyContacts.length; i += 500) {
    const values = sql.join(keyContacts.slice(i, i + 500).map(([d, k]) => sql`(${d}::bigint, ${k}::bigint)`));
    await sql`update departments set key_contact_id = v.contact_id from (values ${values}) as v(department_id, contact_id) where departments.id = v.department_id`.execute(db);
  }
  return departmentsOf;
}

const KINDS: InteractionKind[] = ['call', 'call', 'call', 'call', 'call', 'call', 'call', 'email', 'email', 'email', 'email', 'email',
  'visit', 'visit', 'visit', 'meeting', 'meeting', 'complaint', 'complaint', 'claim'];

/**
 * A year of interactions up to `today`: calls, emails, visits, meetings; complaints resolved in hours
 * to days, claims in days (some slowly), and recent complaints and claims still open.
 */
export async function seedInteractions(
  db: Executor, rng: Random, companies: readonly SeededCompany[], departmentsOf: Map<number, number[]>, managerIds: number[], today: string,
) {
  const end = Date.parse(`${today}T00:00:00Z`);
  const start = end - 365 * 86_400_000;
  const rows = [];
  for (const c of companies) {
    const departments = departmentsOf.get(c.id) ?? [];
    const n = c.isShipper ? rng.int(6, 20) : departments.length > 0 ? rng.int(1, 6) : rng.chance(0.3) ? 1 : 0;
    for (let k = 0; k < n; k++) {
      const kind = rng.pick(KINDS);
      const dayStart = start + Math.floor(rng.next() * 365) * 86_400_000;
      const occurred = new Date(dayStart + rng.int(1, 10) * 3_600_000 + rng.int(0, 59) * 60_000);
      const isCase = kind === 'complaint' || kind === 'claim';
      let resolved: Date | null = null;
      if (isCase) {
        const hours = kind === 'complaint'
          ? Math.exp(Math.log(2) + rng.next() * (Math.log(72) - Math.log(2)))
          : rng.chance(0.3) ? rng.int(300, 900) : rng.int(24, 240);
        const candidate = new Date(occurred.getTime() + hours * 3_600_000);
        const recent = end - occurred.getTime() < 30 * 86_400_000;
        if (candidate.getTime() < end && !(recent && rng.chance(0.5)) && !rng.chance(0.04)) resolved = candidate;
      }
      rows.push({
        company_id: c.id, kind, occurred_at: occurred,
        department_id: departments.length > 0 && rng.chance(0.8) ? rng.pick(departments) : null,
        pair_id: c.pairIds.length > 0 && (isCase || rng.chance(0.3)) ? rng.pick(c.pairIds) : null,
        summary: rng.pick(INTERACTION_SUMMARIES[kind]),
        owner_id: c.accountManagerId ?? (managerIds.length > 0 ? rng.pick(managerIds) : null),
        opened_at: isCase ? occurred : null,
        resolved_at: resolved,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('interactions').values(rows.slice(i, i + 500)).execute();
  return rows.length;
}
