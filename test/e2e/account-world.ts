import { apiSession } from './api-client';

type Ref = { id: number; code: string; name: string };

export interface AccountWorld {
  run: string;
  /** managed by manager@demo.local */
  shipper: Ref;
  consignee: Ref;
  pairId: number;
  /** 2026-01-01 – 2026-06-30: the May and June deliveries (20) */
  contractA: Ref;
  /** 2026-07-01 – 2027-12-31: the July to October deliveries (40) */
  contractB: Ref;
  /** 2028: no deliveries, so it can be deleted */
  contractC: Ref;
  /** has an interaction: the API refuses to delete it */
  departmentWithHistory: { id: number; name: string };
  /** no history: deletable */
  departmentSpare: { id: number; name: string };
  contact: { id: number; name: string };
}

/**
 * Accounts of their own for manager@demo.local, arranged through the API by an admin (one sign-in): a shipper
 * and a consignee, three contracts of the shipper, 60 deliveries (10 a month, May to October 2026, each
 * tenth one late) that the import assigns to contracts A and B and that create the pair, a department with
 * an interaction, a spare department and a contact.
 */
export async function arrangeAccountWorld(baseURL: string): Promise<AccountWorld> {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const admin = await apiSession(baseURL, 'admin@demo.local');
  const users = await admin.call<{ items: Array<{ id: number; email: string }> }>('GET', '/users');
  const managerId = users.items.find((u) => u.email === 'manager@demo.local')!.id;
  const company = (code: string, name: string, role: string) =>
    admin.call<Ref>('POST', '/companies', { code, name, roles: [role], accountManagerId: managerId });
  const shipper = await company(`ARC-${run}`, `Archive Shipper ${run} 测试发货方`, 'shipper');
  const consignee = await company(`ARN-${run}`, `Archive Consignee ${run} 测试收货方`, 'consignee');
  const contract = (suffix: string, startDate: string, endDate: string) => admin.call<Ref>('POST', '/contracts', {
    shipperId: shipper.id, code: `ARC-${run}-${suffix}`, name: `E2E contract ${suffix}`, startDate, endDate, monthlyFee: 5000, currency: 'CNY',
    onTimeTarget: 0.95, inFullTarget: 0.95, otifTarget: 0.95,
  });
  const contractA = await contract('A', '2026-01-01', '2026-06-30');
  const contractB = await contract('B', '2026-07-01', '2027-12-31');
  const contractC = await contract('C', '2028-01-01', '2028-12-31');

  const lines = ['tracking_no,shipper_code,consignee_code,consignee_name,promised_at,delivered_at,status,pieces_expected,pieces_delivered,damaged_pieces,revenue,cost'];
  for (let month = 5; month <= 10; month++) {
    for (let day = 1; day <= 10; day++) {
      const mm = String(month).padStart(2, '0');
      const dd = String(day).padStart(2, '0');
      lines.push(`ARC-${run}-${mm}${dd},${shipper.code},${consignee.code},${consignee.name},2026-${mm}-${dd} 12:00,2026-${mm}-${dd} ${day === 10 ? '15:00' : '10:00'},delivered,2,2,0,100,70`);
    }
  }
  const job = await admin.importCsv(`${lines.join('\n')}\n`, `archive-${run}.csv`);
  if (job.status !== 'succeeded' || job.inserted !== 60) throw new Error(`arranging the account world: import ${JSON.stringify(job)}`);
  const detail = await admin.call<{ pairsAsShipper: Array<{ id: number; consignee: { id: number } }> }>('GET', `/companies/${shipper.id}`);
  const pairId = detail.pairsAsShipper.find((p) => p.consignee.id === consignee.id)!.id;

  const departmentWithHistory = await admin.call<{ id: number; name: string }>('POST', `/companies/${shipper.id}/departments`, { kind: 'warehouse', name: 'Warehouse 仓储部' });
  await admin.call('POST', `/companies/${shipper.id}/interactions`, {
    kind: 'call', occurredAt: '2026-11-02T10:00:00+08:00', departmentId: departmentWithHistory.id, summary: 'E2E call about the warehouse',
  });
  const departmentSpare = await admin.call<{ id: number; name: string }>('POST', `/companies/${shipper.id}/departments`, { kind: 'other', name: `Spare ${run}` });
  const contact = await admin.call<{ id: number; name: string }>('POST', `/companies/${shipper.id}/contacts`, { name: `Contact ${run}`, email: `contact-${run}@e2e.local` });
  return { run, shipper, consignee, pairId, contractA, contractB, contractC, departmentWithHistory, departmentSpare, contact };
}
