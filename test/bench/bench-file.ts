import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createRandom } from '../../api/demo/random';

export const BENCH_SHIPPERS = 50;
export const BENCH_CONSIGNEES = 2000;
export const shipperCode = (i: number) => `BS${String(i).padStart(3, '0')}`;
const consigneeCode = (i: number) => `BC${String(i).padStart(5, '0')}`;

const HEADER = 'tracking_no,shipper_code,consignee_code,consignee_name,contract_code,origin,destination,picked_up_at,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost\n';
const CITIES = ['Shanghai', 'Beijing', 'Guangzhou', 'Shenzhen', 'Chengdu', 'Hangzhou', 'Wuhan', 'Xi\'an', 'Nanjing', 'Tianjin'];
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const local = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
};

/** A deterministic delivery file of `rows` rows over a year, in promised order (as a transport system exports it). */
export async function writeBenchFile(path: string, rows: number): Promise<number> {
  const rnd = createRandom(20261125);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(HEADER);
  const start = Date.UTC(2025, 10, 25, 0, 0);
  const span = 365 * 86_400_000;
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const promised = start + Math.floor((i / rows) * span / 60_000) * 60_000;
    const shipper = rnd.int(1, BENCH_SHIPPERS);
    // each shipper ships to its own 40 consignees (2,000 pairs in all), as real accounts do
    const consignee = ((shipper * 40 + rnd.int(0, 39)) % BENCH_CONSIGNEES) + 1;
    const picked = promised - rnd.int(12, 72) * 3_600_000;
    const expected = rnd.int(1, 20);
    const roll = rnd.next();
    const status = roll < 0.9 ? 'delivered' : roll < 0.95 ? 'in_transit' : roll < 0.98 ? 'exception' : 'returned';
    const delivered = status === 'delivered' ? local(promised + rnd.int(-240, 180) * 60_000) : '';
    const got = status === 'delivered' ? (rnd.chance(0.97) ? expected : rnd.int(0, expected)) : 0;
    const damaged = got > 0 && rnd.chance(0.02) ? 1 : 0;
    const revenue = (rnd.int(2000, 500000) / 100).toFixed(2);
    buffer += `T${String(i + 1).padStart(9, '0')},${shipperCode(shipper)},${consigneeCode(consignee)},Consignee ${consignee},,${
      CITIES[shipper % 10]},${CITIES[consignee % 10]},${local(picked)},${local(promised)},${delivered},${status},${expected},${got},${damaged},${revenue},${(Number(revenue) * 0.7).toFixed(2)}\n`;
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'finish');
  return bytes;
}
