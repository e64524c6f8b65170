import { Readable } from 'node:stream';
import type { TestContext } from './test-app';
import { runDeliveryImport } from '../../api/services/delivery-import-service';
import { evaluateAlerts } from '../../api/alerts/engine';
import type { AlertTrigger } from '../../api/alerts/rule';

export const TZ = 'Asia/Shanghai';
export const IMPORT_HEADER = 'tracking_no,shipper_code,consignee_code,contract_code,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost';

/** Imports delivery rows (IMPORT_HEADER columns) through the real pipeline, which also runs the alert rules. */
export async function importRows(t: TestContext, rows: string[]) {
  const file = `${IMPORT_HEADER}\n${rows.join('\n')}\n`;
  const job = await runDeliveryImport(t.handle, t.deps.config, Readable.from([Buffer.from(file)]), { fileName: 'w.csv', bytesTotal: file.length, createdBy: null });
  if (job.status !== 'succeeded' || job.rejected > 0) throw new Error(`import failed: ${JSON.stringify(job)}`);
  return job;
}

/**
 * `n` deliveries of a shipper to a consignee promised on the given days (cycled) at 10:00 Shanghai time,
 * the first `late` of them delivered two hours late, the rest on time; all in full.
 */
export function deliveryRows(tag: string, shipperCode: string, consigneeCode: string, days: string[], n: number, late: number, contractCode = ''): string[] {
  return Array.from({ length: n }, (_, i) => {
    const day = days[i % days.length];
    const delivered = i < late ? `${day} 12:00` : `${day} 09:00`;
    return `${tag}-${i + 1},${shipperCode},${consigneeCode},${contractCode},${day} 10:00,${delivered},delivered,1,1,0,100,60`;
  });
}

export async function evaluate(t: TestContext, now: Date, trigger: AlertTrigger = 'nightly', companyIds?: number[]) {
  return evaluateAlerts(t.db, t.deps.config, trigger, { now, companyIds });
}

/** The alerts of one rule raised on one company. */
export const alertsOf = (t: TestContext, rule: string, companyId: number) =>
  t.db.selectFrom('alerts').selectAll().where('rule', '=', rule).where('company_id', '=', companyId).orderBy('id').execute();
