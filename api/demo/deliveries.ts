import { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../db/connection';
import type { Config } from '../config';
import { runDeliveryImport } from '../services/delivery-import-service';
import type { DemoCalendar } from './demo-calendar';
import { zonedWallTimeToEpoch } from '../domain/business-time';
import { createRandom, type Random } from './random';
import type { Executor } from '../../db/database';
import { addDays, daysBetween } from '../domain/business-day';

/** the first day of the demo year as written (moved to the load day by the demo calendar) */
const AUTHORED_FIRST_DAY = '2025-11-25';
const DAYS = 365;
/** deliveries promised in the week after the last full day are still in transit */
const TRANSIT_DAYS = 7;
/** rows of the full demo year; DEMO_SCALE=small loads a tenth */
const TARGET_ROWS = { full: 120_000, small: 12_000 } as const;

interface DemoPair {
  shipperCode: string;
  consigneeCode: string;
  consigneeName: string;
  origin: string;
  destination: string;
}

const HEADER = 'tracking_no,shipper_code,consignee_code,consignee_name,origin,destination,picked_up_at,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost\n';
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** wall-clock text in the business time zone (the importer reads it there) */
const wall = (dayMs: number, minutes: number) => {
  const d = new Date(dayMs + minutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const csvText = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface PairTraits extends DemoPair {
  perDay: number;
  /** day index from which the pair ships (the later customer_since of its sides) and after which it stops (a side left) */
  start: number;
  stop: number;
  /** its shipper's (or a departing side's) volume pattern */
  pattern: (day: number) => number;
  lateRate: (day: number) => number;
  shortRate: number;
}

/** A company of the demo book as the plan sees it: `since` is its customer_since as a day index of the demo year. */
export interface BookCompany {
  code: string;
  isShipper: boolean;
  isConsignee: boolean;
  since: number | null;
  estAnnualShipments: number;
}

/**
 * The story of the demo book (issue 16): who left and when, whose volume falls or grows, which accounts have
 * a run of breaches, which lanes are troubled and who never shipped. Day indexes count from the first day of
 * the demo year (0) to yesterday (DAYS − 1). The anchors the logins and tests use never leave.
 */
export interface DemoBook {
  /** day index of each departed company's last day as a customer (terminated the day after) */
  departures: Map<string, number>;
  /** each shipper's share of the book's volume: heavy-tailed (Zipf over the shippers ranked by size) */
  shipperWeight: Map<string, number>;
  /** live shippers whose volume falls by half over the last 90 days */
  declining: Set<string>;
  /** live shippers whose volume grows over the last 150 days */
  growing: Set<string>;
  /** live shippers with a run of late deliveries (breaches) over the last 150 days */
  troubled: Set<string>;
  /** consignees paired but never shipped to */
  prospects: Set<string>;
  /** the big shared consignee that left last month, taking its shippers' volume with it */
  lostConsignee: string | null;
}

const PROTECTED = new Set(['SH001', 'DS001', 'CN0001', 'CN0002']);
/** days of falling volume (and rising lateness) before a departure */
const DEPARTURE_DECLINE_DAYS = 150;

function shuffle<T>(rnd: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The demo book's plan, a pure function of the companies and pairs (deterministic). */
export function planDemoBook(companies: readonly BookCompany[], pairs: readonly (readonly [string, string])[]): DemoBook {
  const rnd = createRandom(16);
  const sorted = [...companies].sort((a, b) => (a.code < b.code ? -1 : 1));
  const shippers = sorted.filter((c) => c.isShipper);
  const ranked = [...shippers].sort((a, b) => (a.code === 'SH001' ? -1 : b.code === 'SH001' ? 1 : b.estAnnualShipments - a.estAnnualShipments || (a.code < b.code ? -1 : 1)));
  const shipperWeight = new Map(ranked.map((s, i) => [s.code, 1 / (i + 1) ** 1.35]));
  const rankOf = new Map(ranked.map((s, i) => [s.code, i + 1]));
  const departures = new Map<string, number>();
  const taken = new Set<string>(PROTECTED);
  const take = (codes: string[], n: number) => {
    const chosen = shuffle(rnd, codes.filter((c) => !taken.has(c))).slice(0, n);
    for (const c of chosen) taken.add(c);
    return chosen;
  };
  // shippers that left: four small ones and one of the upper middle
  const shipperCodes = ranked.map((s) => s.code);
  for (const code of [...take(shipperCodes.filter((c) => rankOf.get(c)! >= 14), 4), ...take(shipperCodes.filter((c) => rankOf.get(c)! >= 6 && rankOf.get(c)! <= 12), 1)]) {
    departures.set(code, rnd.int(220, 330));
  }
  const consignees = sorted.filter((c) => c.isConsignee && !c.isShipper && (c.since === null || c.since < 60));
  const shippersOf = new Map<string, number>();
  for (const [, c] of pairs) shippersOf.set(c, (shippersOf.get(c) ?? 0) + 1);
  const shared = consignees.filter((c) => (shippersOf.get(c.code) ?? 0) >= 3).map((c) => c.code);
  // the most shared consignee still here left last month; six other shared ones earlier in the year
  const lostConsignee = [...shared].filter((c) => !taken.has(c)).sort((a, b) => shippersOf.get(b)! - shippersOf.get(a)! || (a < b ? -1 : 1))[0] ?? null;
  if (lostConsignee) {
    taken.add(lostConsignee);
    departures.set(lostConsignee, DAYS - 26);
  }
  for (const code of take(shared, 6)) departures.set(code, rnd.int(220, 340));
  for (const code of take(consignees.map((c) => c.code), 24)) departures.set(code, rnd.int(215, 350));
  const live = (min: number, max: number) => shipperCodes.filter((c) => rankOf.get(c)! >= min && rankOf.get(c)! <= max);
  const troubled = new Set(take(live(2, 8), 2));
  const declining = new Set(take(live(3, 24), 3));
  const growing = new Set(take(live(3, 30), 3));
  const single = consignees.filter((c) => shippersOf.get(c.code) === 1).map((c) => c.code);
  const prospects = new Set(take(single, 4));
  return { departures, shipperWeight, declining, growing, troubled, prospects, lostConsignee };
}

/** Linear from `from` (at day a) to `to` (at day b), flat outside. */
const ramp = (day: number, a: number, b: number, from: number, to: number) =>
  day <= a ? from : day >= b ? to : from + ((to - from) * (day - a)) / (b - a);

/**
 * Gives each pair its habits within the plan: its shipper's heavy-tailed share of the volume split over its
 * consignees (a few carry most), a start at the later customer_since of its sides (ramping up over 60 days),
 * the decline before a side's departure and nothing after it, the plan's falling and growing shippers, and
 * lateness: rare on most lanes, frequent on a few troubled lanes, on the troubled accounts' recent months and
 * before a departure.
 */
function traits(rnd: Random, pairs: DemoPair[], book: DemoBook, since: Map<string, number | null>, targetRows: number): PairTraits[] {
  const raw = pairs.map(() => 1 / (0.3 + rnd.next()) ** 1.6);
  const perShipper = new Map<string, number>();
  pairs.forEach((p, i) => perShipper.set(p.shipperCode, (perShipper.get(p.shipperCode) ?? 0) + raw[i]));
  const totalShipperWeight = [...perShipper.keys()].reduce((sum, code) => sum + (book.shipperWeight.get(code) ?? 0), 0);
  const perDayAll = targetRows / (DAYS + TRANSIT_DAYS);
  return pairs.map((p, i) => {
    const share = ((book.shipperWeight.get(p.shipperCode) ?? 0) / totalShipperWeight) * (raw[i] / perShipper.get(p.shipperCode)!);
    const start = Math.max(0, since.get(p.shipperCode) ?? 0, since.get(p.consigneeCode) ?? 0);
    const leaving = [book.departures.get(p.shipperCode), book.departures.get(p.consigneeCode)].filter((d): d is number => d !== undefined);
    const stop = book.prospects.has(p.consigneeCode) ? -1 : leaving.length ? Math.min(...leaving) : DAYS + TRANSIT_DAYS;
    const shipperLeaves = book.departures.get(p.shipperCode);
    const troubledLane = rnd.chance(0.03);
    const base = troubledLane ? 0.05 + rnd.next() * 0.07 : 0.002 + rnd.next() * 0.006;
    const troubledAccount = book.troubled.has(p.shipperCode) ? 0.1 + rnd.next() * 0.12 : 0;
    const departing = shipperLeaves !== undefined ? 0.08 + rnd.next() * 0.12 : 0.05;
    const pattern = (day: number) => {
      let f = start > 0 ? ramp(day, start, start + 60, 0.3, 1) : 1;
      if (leaving.length) f *= ramp(day, stop - DEPARTURE_DECLINE_DAYS, stop, 1, 0.2);
      if (book.declining.has(p.shipperCode)) f *= ramp(day, DAYS - 90, DAYS, 1, 0.45);
      if (book.growing.has(p.shipperCode)) f *= ramp(day, DAYS - 150, DAYS, 1, 1.5);
      return f;
    };
    return {
      ...p, perDay: perDayAll * share, start, stop, pattern,
      lateRate: (day: number) => base
        + (troubledAccount && day >= DAYS - 150 ? troubledAccount : 0)
        + (leaving.length && day >= stop - DEPARTURE_DECLINE_DAYS ? departing : 0),
      shortRate: troubledLane ? 0.004 : 0.001,
    };
  });
}
/** Damage clusters: a handful of (shipper, fortnight) windows with a damaged piece in one delivery of six. */
function damageClusters(rnd: Random, shippers: string[]) {
  const clusters = new Map<string, { from: number; to: number }>();
  for (const code of shippers) {
    if (!rnd.chance(0.12)) continue;
    const from = rnd.int(0, DAYS - 14);
    clusters.set(code, { from, to: from + 14 });
  }
  return clusters;
}

/**
 * `instant(dayMs, minutes)` is the moment a wall-clock time of a demo day happens (business time zone);
 * nothing is delivered after `nowMs`, so what was promised before the demo is loaded is mostly delivered
 * and what is promised later is still in transit. A pair's daily count carries its fraction over to the
 * next day (with a little day-to-day noise), so volumes follow the plan rather than sampling noise.
 */
function* demoCsv(seed: number, pairs: DemoPair[], book: DemoBook, since: Map<string, number | null>, targetRows: number, firstDay: number,
  nowMs: number, instant: (dayMs: number, minutes: number) => number): Generator<string> {
  const rnd = createRandom(seed);
  const all = traits(rnd, pairs, book, since, targetRows);
  const clusters = damageClusters(rnd, [...new Set(pairs.map((p) => p.shipperCode))].sort());
  const carry = all.map(() => rnd.next());
  let serial = 0;
  let chunk = HEADER;
  for (let day = 0; day < DAYS + TRANSIT_DAYS; day++) {
    const dayMs = firstDay + day * 86_400_000;
    const weekday = new Date(dayMs).getUTCDay();
    const weekFactor = weekday === 0 ? 0.35 : weekday === 6 ? 0.6 : 1.15;
    for (let p = 0; p < all.length; p++) {
      const pair = all[p];
      if (day < pair.start || day > pair.stop) continue;
      carry[p] += pair.perDay * weekFactor * pair.pattern(day) * (0.8 + 0.4 * rnd.next());
      const n = Math.floor(carry[p]);
      carry[p] -= n;
      const lateRate = pair.lateRate(day);
      for (let k = 0; k < n; k++) {
        serial++;
        const promised = rnd.int(8 * 60, 19 * 60);
        const picked = promised - rnd.int(10 * 60, 32 * 60);
        const expected = rnd.chance(0.6) ? rnd.int(1, 5) : rnd.int(6, 40);
        const revenue = Math.round((60 + expected * (18 + rnd.next() * 30)) * 100) / 100;
        const cost = Math.round(revenue * (0.62 + rnd.next() * 0.25) * 100) / 100;
        let status = 'delivered';
        let delivered = '';
        let got = 0;
        let damaged = 0;
        if (instant(dayMs, promised) > nowMs) {
          status = 'in_transit';
        } else {
          const roll = rnd.next();
          if (roll < 0.0003) status = 'lost';
          else if (roll < 0.0013) status = 'returned';
          else if (roll < 0.0033) status = 'exception';
          else if (roll < 0.0073) status = 'cancelled';
        }
        if (status === 'delivered') {
          const late = rnd.chance(lateRate);
          const at = promised + (late ? rnd.int(75, 10 * 60) : -rnd.int(0, 90));
          if (instant(dayMs, at) > nowMs) status = 'in_transit';
          else delivered = wall(dayMs, at);
        }
        if (status === 'delivered') {
          got = rnd.chance(pair.shortRate) ? rnd.int(Math.max(0, expected - 3), expected - 1) : expected;
          const cluster = clusters.get(pair.shipperCode);
          const damageRate = cluster && day >= cluster.from && day <= cluster.to ? 0.16 : 0.002;
          damaged = got > 0 && rnd.chance(damageRate) ? rnd.int(1, Math.min(got, 3)) : 0;
        }
        chunk += `DM${String(serial).padStart(8, '0')},${pair.shipperCode},${pair.consigneeCode},${csvText(pair.consigneeName)},${
          csvText(pair.origin)},${csvText(pair.destination)},${instant(dayMs, picked) > nowMs ? '' : wall(dayMs, picked)},${wall(dayMs, promised)},${delivered},${status},${
          expected},${got},${damaged},${revenue.toFixed(2)},${cost.toFixed(2)}\n`;
      }
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
  }
  if (chunk) yield chunk;
}

async function demoPairs(handle: DatabaseHandle): Promise<DemoPair[]> {
  const rows = await handle.db.selectFrom('customer_pairs as p')
    .innerJoin('companies as s', 's.id', 'p.shipper_id')
    .innerJoin('companies as c', 'c.id', 'p.consignee_id')
    .select(['s.code as shipperCode', 'c.code as consigneeCode', 'c.name as consigneeName', 's.region as origin', 'c.region as destination'])
    .where('p.archived_at', 'is', null)
    .where('s.is_shipper', '=', true)
    .orderBy('s.code').orderBy('c.code')
    .execute();
  return rows.map((r) => ({ ...r, origin: r.origin ?? '', destination: r.destination ?? '' }));
}

const firstDayOf = (calendar: DemoCalendar) => calendar.day(AUTHORED_FIRST_DAY);

async function bookCompanies(db: Executor, calendar: DemoCalendar): Promise<BookCompany[]> {
  const rows = await db.selectFrom('companies').select(['code', 'is_shipper', 'is_consignee', 'customer_since', 'est_annual_shipments'])
    .where('archived_at', 'is', null).orderBy('code').execute();
  const first = firstDayOf(calendar);
  return rows.map((r) => ({
    code: r.code, isShipper: r.is_shipper, isConsignee: r.is_consignee,
    since: r.customer_since ? daysBetween(first, r.customer_since) : null, estAnnualShipments: Number(r.est_annual_shipments ?? 0),
  }));
}

/**
 * The plan of the demo book for the accounts already in the database, with its departures written down: each
 * departed company's terminated_at (the morning after its last day), the stage history a manager saw
 * (decline 100 days before the end, then terminated), and a departed shipper's contracts ending that day.
 * Runs before the surveys and deliveries, which follow the same plan.
 */
export async function markDemoDepartures(db: Executor, config: Pick<Config, 'businessTimeZone'>, calendar: DemoCalendar): Promise<DemoBook> {
  const companies = await bookCompanies(db, calendar);
  const pairs = await db.selectFrom('customer_pairs as p').innerJoin('companies as s', 's.id', 'p.shipper_id').innerJoin('companies as c', 'c.id', 'p.consignee_id')
    .select(['s.code as s', 'c.code as c']).where('p.archived_at', 'is', null).orderBy('s.code').orderBy('c.code').execute();
  const book = planDemoBook(companies, pairs.map((p) => [p.s, p.c] as const));
  const first = firstDayOf(calendar);
  const at = (day: number, minutes: number) => new Date(zonedWallTimeToEpoch(config.businessTimeZone, Date.parse(`${addDays(first, day)}T00:00:00Z`) + minutes * 60_000));
  const ids = new Map((await db.selectFrom('companies').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
  for (const [code, last] of [...book.departures].sort()) {
    const id = ids.get(code)!;
    await db.updateTable('companies').set({ terminated_at: at(last + 1, 10 * 60) }).where('id', '=', id).execute();
    await db.insertInto('lifecycle_history').values([
      { company_id: id, stage: 'decline', previous_stage: 'maturity', changed_at: at(last - 100, 9 * 60) },
      { company_id: id, stage: 'terminated', previous_stage: 'decline', changed_at: at(last + 1, 10 * 60) },
    ]).execute();
    const lastDay = addDays(first, last);
    await db.updateTable('contracts').set({ end_date: lastDay, auto_renew: false })
      .where('shipper_id', '=', id).where('start_date', '<=', lastDay).where('end_date', '>', lastDay).execute();
  }
  return book;
}

/**
 * About a year of demo deliveries (the 365 days up to yesterday, plus a week still in transit) for the demo
 * pairs already in the database, following the demo book's plan (planDemoBook), generated deterministically
 * and loaded through the real import pipeline.
 */
export async function seedDeliveries(handle: DatabaseHandle, config: Config, calendar: DemoCalendar, log: (message: string) => void, plan?: DemoBook) {
  const pairs = await demoPairs(handle);
  if (!pairs.length) {
    log('demo: no customer pairs to generate deliveries for');
    return null;
  }
  const companies = await bookCompanies(handle.db, calendar);
  const book = plan ?? planDemoBook(companies, pairs.map((p) => [p.shipperCode, p.consigneeCode] as const));
  const since = new Map(companies.map((c) => [c.code, c.since]));
  const started = Date.now();
  const job = await runDeliveryImport(handle, config, Readable.from(demoCsv(20251125, pairs, book, since, TARGET_ROWS[config.demoScale],
    Date.parse(`${firstDayOf(calendar)}T00:00:00Z`), Date.now(), (dayMs, minutes) => zonedWallTimeToEpoch(config.businessTimeZone, dayMs + minutes * 60_000)), { objectMode: false }), {
    fileName: 'demo-deliveries.csv', bytesTotal: null, createdBy: null,
    onProgress: (t) => log(`demo: deliveries ${t.rowsProcessed.toLocaleString('en')} rows imported`),
  });
  log(`demo: ${job.inserted.toLocaleString('en')} deliveries imported in ${((Date.now() - started) / 1000).toFixed(1)} s (job ${job.id}, ${job.status})`);
  return job;
}
