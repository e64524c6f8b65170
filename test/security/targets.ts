import type { Tenant, World } from './world';

/**
 * Which object of the target tenant a parameter or body field names. Path `{id}` is read from the
 * collection before it (`/contracts/{id}` → the contract); other names from the name itself.
 * A route with a parameter that is in neither table fails the matrix with a message to add it here.
 */
const COLLECTIONS: Record<string, (t: Tenant, w: World) => number | string> = {
  companies: (t) => t.shipper.id,
  shippers: (t) => t.shipper.id,
  consignees: (t) => t.consignee.id,
  pairs: (t) => t.pair.id,
  'customer-pairs': (t) => t.pair.id,
  contracts: (t) => t.contract.id,
  departments: (t) => t.department.id,
  contacts: (t) => t.contact.id,
  deliveries: (t) => t.delivery.id,
  surveys: (t) => t.survey.id,
  'survey-responses': (t) => t.survey.id,
  interactions: (t) => t.interaction.id,
  users: (t) => t.client.id,
  'api-tokens': (t) => t.clientTokenId,
  imports: (_t, w) => w.importJob.id,
  'import-jobs': (_t, w) => w.importJob.id,
  jobs: (_t, w) => w.importJob.id,
  alerts: (t) => t.alert.id,
  tasks: (t) => t.task.id,
  'saved-views': (t) => t.savedView.id,
  disputes: (t) => t.dispute.id,
  claims: (t) => t.claim.id,
  attachments: (t) => t.attachment.id,
};

const NAMES: Record<string, (t: Tenant, w: World) => number | string> = {
  companyid: (t) => t.shipper.id,
  shipperid: (t) => t.shipper.id,
  consigneeid: (t) => t.consignee.id,
  pairid: (t) => t.pair.id,
  contractid: (t) => t.contract.id,
  departmentid: (t) => t.department.id,
  contactid: (t) => t.contact.id,
  keycontactid: (t) => t.contact.id,
  deliveryid: (t) => t.delivery.id,
  trackingno: (t) => t.delivery.tracking_no,
  surveyid: (t) => t.survey.id,
  responseid: (t) => t.survey.id,
  interactionid: (t) => t.interaction.id,
  accountmanagerid: (t) => t.manager.id,
  managerid: (t) => t.manager.id,
  ownerid: (t) => t.manager.id,
  userid: (t) => t.client.id,
  tokenid: (t) => t.clientTokenId,
  jobid: (_t, w) => w.importJob.id,
  importid: (_t, w) => w.importJob.id,
  shippercode: (t) => t.shipper.code,
  consigneecode: (t) => t.consignee.code,
  contractcode: (t) => t.contract.code,
  asset: () => 'swagger-ui.css',
  alertid: (t) => t.alert.id,
  taskid: (t) => t.task.id,
  lineid: (t) => t.disputeLine.id,
  claimid: (t) => t.claim.id,
  attachmentid: (t) => t.attachment.id,
};

const normalise = (name: string) => name.toLowerCase().replace(/[_-]/g, '');

/** The value of a named parameter or field, or undefined when the name does not name an object. */
export function objectFor(name: string, tenant: Tenant, world: World): number | string | undefined {
  const f = NAMES[normalise(name)];
  return f ? f(tenant, world) : undefined;
}

/** Values of the path parameters of a route, for the objects of `tenant`. */
export function pathValues(path: string, tenant: Tenant, world: World): Record<string, number | string> {
  const segments = path.split('/');
  const values: Record<string, number | string> = {};
  segments.forEach((segment, i) => {
    const m = /^\{(\w+)\}$/.exec(segment);
    if (!m) return;
    const name = m[1];
    const byName = name === 'id' ? undefined : objectFor(name, tenant, world);
    const byCollection = COLLECTIONS[segments[i - 1]];
    const value = byName ?? (byCollection ? byCollection(tenant, world) : undefined);
    if (value === undefined) {
      throw new Error(`isolation matrix: no object for {${name}} in ${path}; map it in test/security/targets.ts`);
    }
    values[name] = value;
  });
  return values;
}
