import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A delivery CSV of `rows` delivered rows in March 2026, tracking numbers `${prefix}00000000…`, over shippers FS0…FS{shippers-1}. */
export async function writeDeliveryCsv(file: string, rows: number, prefix: string, shippers = 5) {
  const out = createWriteStream(file);
  out.write('tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,revenue,cost\n');
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const line = `${prefix}${String(i).padStart(8, '0')},FS${i % shippers},FC${i % 400},Consignee ${i % 400},2026-03-${day} 18:00,2026-03-${day} 17:00,delivered,2,2,120.50,80.25\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
