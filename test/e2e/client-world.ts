import { apiSession } from './api-client';

export interface ClientWorld {
  shipper: { id: number; code: string; name: string };
  other: { id: number; code: string; name: string };
  clientEmail: string;
  clientPassword: string;
}

/**
 * A client company of its own, arranged through the API as an admin would: a shipper with a contract
 * (OTIF target 95 %; a verdict from 10 due deliveries a month), two departments, six months of deliveries to one consignee (one late delivery a month), another
 * company the client must not see, and a client login for the shipper.
 */
export async function arrangeClientWorld(baseURL: string): Promise<ClientWorld> {
  const run = Date.now().toString(36);
  const admin = await apiSession(baseURL, 'admin@demo.local');
  const shipper = await admin.call<ClientWorld['shipper']>('POST', '/companies', { code: `CLI-${run}`, name: `Client Shipper ${run}`, roles: ['shipper'] });
  const other = await admin.call<ClientWorld['other']>('POST', '/companies', { code: `OTH-${run}`, name: `Other Company ${run}`, roles: ['shipper'] });
  await admin.call('POST', '/contracts', {
    shipperId: shipper.id, code: `CT-${run}`, name: 'E2E contract', startDate: '2026-01-01', endDate: '2027-12-31', monthlyFee: 10000,
    currency: 'CNY', onTimeTarget: 0.95, inFullTarget: 0.95, otifTarget: 0.95, maxDamageRate: 0.01,
    creditTiers: [{ shortfall: 0, percent: 0.05 }, { shortfall: 0.05, percent: 0.1 }], creditCapPercent: 0.2, minDueCount: 10,
  });
  const header = 'tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost';
  const lines = [header];
  for (let month = 5; month <= 10; month++) {
    for (let day = 1; day <= 10; day++) {
      const mm = String(month).padStart(2, '0');
      const dd = String(day).padStart(2, '0');
      const late = day === 10;
      lines.push(`CLI-${run}-${mm}${dd},${shipper.code},CON-${run},Consignee ${run},2026-${mm}-${dd} 12:00,2026-${mm}-${dd} ${late ? '15:00' : '10:00'},delivered,2,2,0,100,70`);
    }
  }
  const job = await admin.importCsv(`${lines.join('\n')}\n`, `client-${run}.csv`);
  if (job.status !== 'succeeded' || job.inserted !== 60) throw new Error(`arranging the client world: import ${JSON.stringify(job)}`);
  for (const department of [{ kind: 'warehouse', name: 'Warehouse 仓储部' }, { kind: 'procurement', name: 'Procurement 采购部' }]) {
    await admin.call('POST', `/companies/${shipper.id}/departments`, department);
  }
  const clientEmail = `client-${run}@e2e.local`;
  const clientPassword = 'client-password-e2e';
  await admin.call('POST', '/users', { email: clientEmail, name: `Client ${run}`, password: clientPassword, role: 'client', companyId: shipper.id });
  return { shipper, other, clientEmail, clientPassword };
}
