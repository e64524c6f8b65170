import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DB } from '../../db/database';
import { TEST_ATTACHMENTS_DIR } from '../../api/config';
import { rebuildAllRollups } from '../../api/queries/rollups';
import { storeCandidates, routeAlerts } from '../../api/alerts/queries';
import { newConsignee, newContract, newDelivery, newDepartment, newPair, newShipper, newUser, type TestUser } from '../helpers/factories';

/**
 * Two tenants that share nothing: each a shipper managed by its own account manager, a consignee
 * paired with it, a contract, a department, a contact, a delivery, a survey response, an
 * interaction and a client user. Every text of tenant X carries its marker (LEAKA / LEAKB), so a
 * response that shows another tenant's data is found by searching its text for that marker.
 */
export const MARKERS = { A: 'LEAKA', B: 'LEAKB' } as const;
export type TenantName = keyof typeof MARKERS;

export interface Tenant {
  name: TenantName;
  marker: string;
  manager: TestUser;
  client: TestUser;
  clientTokenId: number;
  shipper: { id: number; code: string; name: string };
  consignee: { id: number; code: string; name: string };
  pair: { id: number };
  contract: { id: number; code: string };
  /** a consignee not yet paired with the shipper, and a contract of 2027 without deliveries */
  spareConsignee: { id: number; code: string };
  spareContract: { id: number; code: string };
  /** a department nothing refers to (deletable) */
  spareDepartment: { id: number };
  department: { id: number };
  contact: { id: number };
  delivery: { id: number; tracking_no: string };
  survey: { id: number };
  interaction: { id: number };
  /** an alert on the shipper (routed to its manager), a task on it owned by the manager, the manager's saved view */
  alert: { id: number };
  task: { id: number };
  savedView: { id: number };
  /** a late delivery of March (closed) not yet disputed; a dispute of March with an open line on the damaged one */
  lateDelivery: { id: number };
  dispute: { id: number };
  disputeLine: { id: number };
  /** a claim filed by the client on the first delivery (acknowledged), with a PDF attachment */
  claim: { id: number };
  attachment: { id: number };
}

export interface World {
  admin: TestUser;
  operations: TestUser;
  A: Tenant;
  B: Tenant;
  importJob: { id: number };
  churnRun: { id: number } | null;
}

let worlds = 0;

async function buildTenant(db: DB, name: TenantName, n: number): Promise<Tenant> {
  const marker = MARKERS[name];
  const tag = `${marker}${n}`;
  const manager = await newUser(db, 'manager', { email: `manager-${tag.toLowerCase()}@test.local` });
  const shipper = await newShipper(db, { code: `${tag}-S`, name: `${marker} Shipper ${n}`, account_manager_id: manager.id, region: `${marker} region`, industry: `${marker} industry` });
  const consignee = await newConsignee(db, { code: `${tag}-C`, name: `${marker} Consignee ${n}`, region: `${marker} region` });
  const pair = await newPair(db, shipper.id, consignee.id);
  const contract = await newContract(db, shipper.id, { code: `${tag}-K`, name: `${marker} contract ${n}` });
  await db.insertInto('contract_consignees').values({ contract_id: contract.id, consignee_id: consignee.id }).execute();
  const spareConsignee = await newConsignee(db, { code: `${tag}-C2`, name: `${marker} Spare consignee ${n}` });
  const spareContract = await newContract(db, shipper.id, { code: `${tag}-K2`, name: `${marker} contract 2027`, start_date: '2027-01-01', end_date: '2027-12-31' });
  const department = await newDepartment(db, shipper.id, { name: `${marker} Logistics ${n}`, weight: 0.5 });
  const spareDepartment = await newDepartment(db, shipper.id, { name: `${marker} Spare department ${n}`, kind: 'finance' });
  const contact = await db.insertInto('contacts').values({
    company_id: shipper.id, department_id: department.id, name: `${marker} Contact ${n}`, email: `contact-${tag.toLowerCase()}@test.local`,
  }).returning('id').executeTakeFirstOrThrow();
  const delivery = await newDelivery(db, shipper.id, consignee.id, {
    tracking_no: `${tag}-T1`, contract_id: contract.id, origin: `${marker} origin`, destination: `${marker} destination`,
  });
  const damaged = await newDelivery(db, shipper.id, consignee.id, {
    tracking_no: `${tag}-T2`, contract_id: contract.id, origin: `${marker} origin`, destination: `${marker} destination`,
    delivered_at: new Date('2026-03-10T14:00:00Z'), damaged_pieces: 1, pieces_expected: 2, pieces_delivered: 2,
  });
  const lateDelivery = await newDelivery(db, shipper.id, consignee.id, {
    tracking_no: `${tag}-T3`, contract_id: contract.id, origin: `${marker} origin`, destination: `${marker} destination`,
    delivered_at: new Date('2026-03-10T16:00:00Z'),
  });
  const survey = await db.insertInto('survey_responses').values({
    company_id: shipper.id, department_id: department.id, pair_id: pair.id, side: 'shipper', channel: 'portal',
    respondent_name: `${marker} respondent`, submitted_at: new Date('2026-03-15T08:00:00Z'),
    timeliness: 4, accuracy: 4, condition: 5, billing: 3, proactiveness: 4, communication: 4, value_added: 3, recommend: 8,
    comment: `${marker} survey comment`,
  }).returning('id').executeTakeFirstOrThrow();
  const interaction = await db.insertInto('interactions').values({
    company_id: shipper.id, kind: 'complaint', occurred_at: new Date('2026-03-12T08:00:00Z'), department_id: department.id,
    pair_id: pair.id, summary: `${marker} late delivery complaint`, owner_id: manager.id,
    opened_at: new Date('2026-03-12T08:00:00Z'), resolved_at: new Date('2026-03-13T08:00:00Z'),
  }).returning('id').executeTakeFirstOrThrow();
  const client = await newUser(db, 'client', { companyId: shipper.id, email: `client-${tag.toLowerCase()}@test.local` });
  const [alertId] = await storeCandidates(db, [{
    rule: 'contract_ending', causeKey: `contract_ending:contract=${contract.id}:${tag}`, companyId: shipper.id, contractId: contract.id,
    severity: 'warning', period: '2026-12-31', params: { contract: contract.code, company: shipper.name, endDate: '2026-12-31', daysLeft: 30 },
    evidence: { links: [{ type: 'contract', id: contract.id, label: `${marker} contract ${n}` }], facts: [{ key: 'daysLeft', value: 30, unit: 'days' }] },
  }], new Date());
  await routeAlerts(db, [alertId]);
  const task = await db.insertInto('tasks').values({
    title: `${marker} follow up`, owner_id: manager.id, company_id: shipper.id, contract_id: contract.id, alert_id: alertId, created_by: manager.id, for_review: true,
  }).returning('id').executeTakeFirstOrThrow();
  const savedView = await db.insertInto('saved_views').values({ user_id: manager.id, list: 'companies', name: `${marker} view`, search: `?q=${marker}` })
    .returning('id').executeTakeFirstOrThrow();
  const client0 = client;
  const dispute = await db.insertInto('disputes').values({
    contract_id: contract.id, shipper_id: shipper.id, month: '2026-03', comment: `${marker} dispute comment`, filed_by: client0.id,
    before: JSON.stringify({ due: 3, excused: 0, onTimeRate: 1 / 3, inFullRate: 1, otifRate: 1 / 3, damageRate: 0.25, avgTransitHours: 26, verdict: 'too_few', breaches: [], worstKpi: null, worstShortfall: 0, creditPercent: 0, creditAmount: 0 }),
  }).returning('id').executeTakeFirstOrThrow();
  const disputeLine = await db.insertInto('dispute_lines').values({
    dispute_id: dispute.id, delivery_id: damaged.id, cause: 'consignee', comment: `${marker} line comment`,
  }).returning('id').executeTakeFirstOrThrow();
  const claim = await db.insertInto('claims').values({
    shipper_id: shipper.id, filed_company_id: shipper.id, contract_id: contract.id, kind: 'damaged', status: 'acknowledged', amount_claimed: 50,
    description: `${marker} crushed cartons`, response_target_hours: 24, filed_at: new Date('2026-03-11T08:00:00Z'),
    acknowledged_at: new Date('2026-03-11T12:00:00Z'), filed_by: client.id,
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('claim_deliveries').values({ claim_id: claim.id, shipper_id: shipper.id, delivery_id: delivery.id, tracking_no: delivery.tracking_no, consignee_id: consignee.id }).execute();
  await db.insertInto('claim_history').values([
    { claim_id: claim.id, from_status: null, to_status: 'filed', actor_id: client.id, at: new Date('2026-03-11T08:00:00Z') },
    { claim_id: claim.id, from_status: 'filed', to_status: 'acknowledged', actor_id: manager.id, at: new Date('2026-03-11T12:00:00Z'), note: `${marker} on it` },
  ]).execute();
  const storageName = `world-${tag.toLowerCase()}-${process.pid}-${claim.id}.pdf`;
  mkdirSync(TEST_ATTACHMENTS_DIR, { recursive: true });
  writeFileSync(path.join(TEST_ATTACHMENTS_DIR, storageName), `%PDF-1.4\n% ${marker} proof of delivery\n%%EOF\n`);
  const attachment = await db.insertInto('claim_attachments').values({
    claim_id: claim.id, file_name: `${marker}-pod.pdf`, content_type: 'application/pdf', bytes: 40, sha256: '0'.repeat(64), storage_name: storageName, uploaded_by: client.id,
  }).returning('id').executeTakeFirstOrThrow();
  const token = await db.selectFrom('api_tokens').select('id').where('user_id', '=', client.id).executeTakeFirstOrThrow();
  return {
    name, marker, manager, client, clientTokenId: token.id,
    shipper, consignee, pair, contract, spareConsignee, spareContract, spareDepartment, department, contact, delivery, survey, interaction,
    alert: { id: alertId }, task, savedView, lateDelivery, dispute, disputeLine, claim: { id: Number(claim.id) }, attachment: { id: Number(attachment.id) },
  };
}

/** A complete two-tenant world; call it again for a fresh one (codes stay unique). */
export async function buildWorld(db: DB, timeZone = 'Asia/Shanghai'): Promise<World> {
  const n = ++worlds;
  const admin = await newUser(db, 'admin');
  const operations = await newUser(db, 'operations');
  const A = await buildTenant(db, 'A', n);
  const B = await buildTenant(db, 'B', n);
  const importJob = await db.insertInto('import_jobs').values({
    kind: 'deliveries', status: 'succeeded', file_name: `deliveries-${n}.csv`, created_by: operations.id,
    rows_processed: 2, inserted: 2, created_at: new Date(), started_at: new Date(), finished_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow();
  await rebuildAllRollups(db, timeZone);
  return { admin, operations, A, B, importJob, churnRun: null };
}
