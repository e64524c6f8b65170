import { Readable } from 'node:stream';
import type { DatabaseHandle } from '../../db/connection';
import type { Config } from '../config';
import { runDeliveryImport } from '../services/delivery-import-service';
import type { DemoCalendar } from './demo-calendar';
import { zonedWallTimeToEpoch } from '../domain/business-time';
import { createRandom, type Random } from './random';

/** the first day of the demo year as written (moved to the load day by the demo calendar) */
const AUTHORED_FIRST_DAY = '2025-11-25';
const DAYS = 365;
/** deliveries promised in the week after the last full day are still in transit */
const TRANSIT_DAYS = 7;
/** rows of the full demo year; DEMO_SCALE=small loads a tenth */
const TARGET_ROWS = { full: 120_000, small: 12_000 } as const;
const DECLINE_DAYS = 90;

interface DemoPair {
  shipperCode: string;
  consigneeCode: string;
  consigneeName: string;
  origin: string;
  destination: string;
}

interface PairTraits extends DemoPair {
  perDay: number;
  lateRate: number;
  shortRate: number;
  decline: number;
}

const HEADER = 'tracking_no,shipper_code,consignee_code,consignee_name,origin,destination,picked_up_at,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost\n';
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
/** wall-clock text in the business time zone (the importer reads it there) */
const wall = (dayMs: number, minutes: number) => {
  const d = new Date(dayMs + minutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const csvText = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function poisson(rnd: Random, mean: number): number {
  if (mean > 30) return Math.max(0, Math.round(rnd.normal(mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rnd.next();
  while (p > limit) {
    k++;
    p *= rnd.next();
  }
  return k;
}

/**
 * Gives each pair its habits: a Pareto-like share of the volume, a few pairs late far more often, some
 * shippers whose volume falls over the last 90 days, and short deliveries now and then.
 */
function traits(rnd: Random, pairs: DemoPair[], targetRows: number): PairTraits[] {
  const shippers = [...new Set(pairs.map((p) => p.shipperCode))].sort();
  const declining = new Set(shippers.filter(() => rnd.chance(0.2)));
  const weights = pairs.map(() => 1 / (0.3 + rnd.next()) ** 1.6);
  const total = weights.reduce((a, b) => a + b, 0);
  const perDayAll = targetRows / (DAYS + TRANSIT_DAYS);
  return pairs.map((p, i) => ({
    ...p,
    perDay: (perDayAll * weights[i]) / total,
    lateRate: rnd.chance(0.12) ? 0.18 + rnd.next() * 0.2 : 0.02 + rnd.next() * 0.05,
    shortRate: rnd.chance(0.1) ? 0.08 : 0.015,
    decline: declining.has(p.shipperCode) ? 0.35 + rnd.next() * 0.3 : 1,
  }));
}

/** Damage clusters: a handful of (shipper, fortnight) windows with a damaged piece in one delivery of six. */
function damageClusters(rnd: Random, shippers: string[]) {
  const clusters = new Map<string, { from: number; to: number }>();
  for (const code of shippers) {
    if (!rnd.chance(0.25)) continue;
    const from = rnd.int(0, DAYS - 14);
    clusters.set(code, { from, to: from + 14 });
  }
  return clusters;
}

/**
 * `instant(dayMs, minutes)` is the moment a wall-clock time of a demo day happens (business time zone);
 * nothing is delivered after `nowMs`, so what was promised before the demo is loaded is mostly delivered
 * and what is promised later is still in transit.
 */
function* demoCsv(seed: number, pairs: DemoPair[], targetRows: number, firstDay: number, nowMs: number,
  instant: (dayMs: number, minutes: number) => number): Generator<string> {
  const rnd = createRandom(seed);
  const all = traits(rnd, pairs, targetRows);
  const clusters = damageClusters(rnd, [...new Set(pairs.map((p) => p.shipperCode))].sort());
  let serial = 0;
  let chunk = HEADER;
  for (let day = 0; day < DAYS + TRANSIT_DAYS; day++) {
    const dayMs = firstDay + day * 86_400_000;
    const weekday = new Date(dayMs).getUTCDay();
    const weekFactor = weekday === 0 ? 0.35 : weekday === 6 ? 0.6 : 1.15;
    const season = 1 + 0.15 * Math.sin(((day - 30) / DAYS) * 2 * Math.PI);
    for (const pair of all) {
      const declining = pair.decline < 1 && day >= DAYS - DECLINE_DAYS
        ? 1 - (1 - pair.decline) * ((day - (DAYS - DECLINE_DAYS)) / DECLINE_DAYS) : 1;
      const n = poisson(rnd, pair.perDay * weekFactor * season * declining);
      for (let k = 0; k < n; k++) {
        serial++;
        const promised = rnd.int(8 * 60, 19 * 60);
        const picked = promised - rnd.int(20 * 60, 70 * 60);
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
          if (roll < 0.004) status = 'lost';
          else if (roll < 0.012) status = 'returned';
          else if (roll < 0.027) status = 'exception';
          else if (roll < 0.032) status = 'cancelled';
        }
        if (status === 'delivered') {
          const late = rnd.chance(pair.lateRate);
          const at = promised + (late ? rnd.int(20, 26 * 60) : -rnd.int(0, 5 * 60));
          if (instant(dayMs, at) > nowMs) status = 'in_transit';
          else delivered = wall(dayMs, at);
        }
        if (status === 'delivered') {
          got = rnd.chance(pair.shortRate) ? rnd.int(Math.max(0, expected - 3), expected - 1) : expected;
          const cluster = clusters.get(pair.shipperCode);
          const damageRate = cluster && day >= cluster.from && day <= cluster.to ? 0.16 : 0.006;
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

/**
 * About a year of demo deliveries (the 365 days up to yesterday, plus a week still in transit) for the demo
 * pairs already in the database, generated deterministically and loaded through the real import pipeline.
 */
export async function seedDeliveries(handle: DatabaseHandle, config: Config, calendar: DemoCalendar, log: (message: string) => void) {
  const pairs = await demoPairs(handle);
  if (!pairs.length) {
    log('demo: no customer pairs to generate deliveries for');
    return null;
  }
  const started = Date.now();
  const job = await runDeliveryImport(handle, config, Readable.from(demoCsv(20251125, pairs, TARGET_ROWS[config.demoScale], Date.parse(`${calendar.day(AUTHORED_FIRST_DAY)}T00:00:00Z`),
    Date.now(), (dayMs, minutes) => zonedWallTimeToEpoch(config.businessTimeZone, dayMs + minutes * 60_000)), { objectMode: false }), {
    fileName: 'demo-deliveries.csv', bytesTotal: null, createdBy: null,
    onProgress: (t) => log(`demo: deliveries ${t.rowsProcessed.toLocaleString('en')} rows imported`),
  });
  log(`demo: ${job.inserted.toLocaleString('en')} deliveries imported in ${((Date.now() - started) / 1000).toFixed(1)} s (job ${job.id}, ${job.status})`);
  return job;
}
