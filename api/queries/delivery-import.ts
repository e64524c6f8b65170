import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { nameSortKey } from '../domain/name-sort-key';

/** The columns an import batch COPYs, in the order of its binary rows. */
export const DELIVERY_COPY_COLUMNS = [
  'shipper_id', 'tracking_no', 'consignee_id', 'pair_id', 'contract_id', 'origin', 'destination',
  'picked_up_at', 'promised_at', 'delivered_at', 'status', 'pieces_expected', 'pieces_delivered', 'damaged_pieces',
  'revenue', 'cost', 'exception_cause', 'import_job_id', 'import_line',
] as const;

export const STAGE_TABLE = 'delivery_import_stage';
export const DELIVERIES_COPY_TARGET = `deliveries (${DELIVERY_COPY_COLUMNS.join(', ')})`;
export const STAGE_COPY_TARGET = `${STAGE_TABLE} (${DELIVERY_COPY_COLUMNS.join(', ')})`;

/** A temporary table private to the import's connection, for batches that update rows; emptied at each commit. */
export async function createStageTable(db: Executor): Promise<void> {
  await sql.raw(`create temp table if not exists ${STAGE_TABLE} (
    shipper_id bigint not null, tracking_no text collate "C" not null, consignee_id bigint not null, pair_id bigint not null,
    contract_id bigint, origin text, destination text, picked_up_at timestamptz, promised_at timestamptz not null,
    delivered_at timestamptz, status text not null, pieces_expected integer not null, pieces_delivered integer not null,
    damaged_pieces integer not null, revenue numeric(14,2) not null, cost numeric(14,2) not null, exception_cause text,
    import_job_id bigint not null, import_line integer not null
  ) on commit delete rows`).execute(db);
}

export async function dropStageTable(db: Executor): Promise<void> {
  await sql.raw(`drop table if exists ${STAGE_TABLE}`).execute(db);
}

export interface CompanyRef {
  id: number;
  code: string;
  is_shipper: boolean;
  is_consignee: boolean;
}

/**
 * The companies with these codes, key-share locked for the batch (as a foreign key would: none of them can
 * be deleted or re-keyed before the batch commits).
 */
export async function lockCompaniesByCode(db: Executor, codes: readonly string[]): Promise<CompanyRef[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql<CompanyRef>`
    select id, code, is_shipper, is_consignee from companies where code = any(${codes}::text[]) for key share`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface ContractRef {
  id: number;
  shipper_id: number;
  code: string;
  start_date: string;
  end_date: string;
  archived: boolean;
  grace_minutes: number;
  early_tolerance_minutes: number | null;
  excused_causes: string[];
  consignee_ids: number[];
}

/** Every contract of these shippers with the consignees it is limited to, key-share locked for the batch. */
export async function lockShipperContracts(db: Executor, shipperIds: readonly number[]): Promise<ContractRef[]> {
  if (shipperIds.length === 0) return [];
  const { rows } = await sql<ContractRef>`
    select k.id, k.shipper_id, k.code, k.start_date::text as start_date, k.end_date::text as end_date,
      k.archived_at is not null as archived, k.grace_minutes, k.early_tolerance_minutes, k.excused_causes,
      array(select cc.consignee_id from contract_consignees cc where cc.contract_id = k.id order by 1) as consignee_ids
    from contracts k where k.shipper_id = any(${shipperIds}::bigint[])
    for key share of k`.execute(db);
  return rows.map((r) => ({
    ...r, id: Number(r.id), shipper_id: Number(r.shipper_id), grace_minutes: Number(r.grace_minutes),
    early_tolerance_minutes: r.early_tolerance_minutes === null ? null : Number(r.early_tolerance_minutes),
    consignee_ids: r.consignee_ids.map(Number),
  }));
}

export interface ImportAudit {
  userId: number | null;
  requestId: string;
}

/**
 * Unknown consignee codes become consignee companies (named from the file); known companies become consignees.
 * Each created or changed company is audited in the same statement.
 */
export async function ensureConsignees(db: Executor, wanted: readonly { code: string; name: string }[], audit: ImportAudit): Promise<void> {
  if (wanted.length === 0) return;
  await sql`
    with wanted as (
      select * from unnest(${wanted.map((w) => w.code)}::text[], ${wanted.map((w) => w.name)}::text[],
        ${wanted.map((w) => nameSortKey(w.name))}::text[]) as w(code, name, name_sort_key)
    ),
    written as (
      insert into companies (code, name, name_sort_key, is_shipper, is_consignee)
      select code, name, name_sort_key, false, true from wanted order by code
      on conflict (code) do update set is_consignee = true, updated_at = now() where not companies.is_consignee
      returning id, code, name, (xmax = 0) as fresh
    ),
    audited as (
      insert into audit_log (user_id, action, entity, entity_id, after, request_id)
      select ${audit.userId}::bigint, case when fresh then 'create' else 'update' end, 'company', id::text,
             jsonb_build_object('code', code, 'name', name, 'isConsignee', true, 'source', 'import'), ${audit.requestId}::text
      from written
      returning 1
    )
    select count(*) from audited`.execute(db);
}

export interface PairRef {
  id: number;
  shipper_id: number;
  consignee_id: number;
  archived: boolean;
}

/** The pairs among these (shipper, consignee) combinations that exist, key-share locked for the batch. */
export async function lockPairs(db: Executor, pairs: readonly { shipperId: number; consigneeId: number }[]): Promise<PairRef[]> {
  if (pairs.length === 0) return [];
  const { rows } = await sql<PairRef>`
    select p.id, p.shipper_id, p.consignee_id, p.archived_at is not null as archived
    from customer_pairs p
    join unnest(${pairs.map((p) => p.shipperId)}::bigint[], ${pairs.map((p) => p.consigneeId)}::bigint[]) as w(shipper_id, consignee_id)
      on p.shipper_id = w.shipper_id and p.consignee_id = w.consignee_id
    for key share of p`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), shipper_id: Number(r.shipper_id), consignee_id: Number(r.consignee_id) }));
}

/** Creates these pairs with source 'import', or revives them if archived; audited. */
export async function ensurePairs(db: Executor, pairs: readonly { shipperId: number; consigneeId: number }[], audit: ImportAudit): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    with written as (
      insert into customer_pairs (shipper_id, consignee_id, source)
      select shipper_id, consignee_id, 'import'
      from unnest(${pairs.map((p) => p.shipperId)}::bigint[], ${pairs.map((p) => p.consigneeId)}::bigint[]) as w(shipper_id, consignee_id)
      order by 1, 2
      on conflict (shipper_id, consignee_id) do update set archived_at = null, updated_at = now()
        where customer_pairs.archived_at is not null
      returning id, shipper_id, consignee_id, (xmax = 0) as fresh
    ),
    audited as (
      insert into audit_log (user_id, action, entity, entity_id, after, request_id)
      select ${audit.userId}::bigint, case when fresh then 'create' else 'unarchive' end, 'customer_pair', id::text,
             jsonb_build_object('shipperId', shipper_id, 'consigneeId', consignee_id, 'source', 'import'), ${audit.requestId}::text
      from written
      returning 1
    )
    select count(*) from audited`.execute(db);
}

export interface UpsertOutcome {
  /** rows compared with the stored ones (a superseded row of the same file is not) */
  attempted: number;
  inserted: number;
  updated: number;
  replaced: number;
  keys: { shipperId: number; day: string }[];
}

/**
 * Writes the staged rows of a batch that holds tracking numbers already stored: inserted, or updated only
 * when something differs. Reports rows of an earlier batch of the same job that a repeated tracking number
 * replaced, and returns the (shipper, day) keys whose rollups changed — the old promised day of an updated
 * row as well as the new one. With the file's hash, a row whose stored version came from a later line of an
 * earlier import of the very same file is that file's superseded earlier row: reported as replaced again,
 * not written, so importing the same file twice changes nothing.
 */
export async function upsertStagedDeliveries(db: Executor, jobId: number, timeZone: string, fileSha256: string | null = null): Promise<UpsertOutcome> {
  const day = (column: string) => sql`(${sql.raw(column)} at time zone ${timeZone}::text)::date`;
  const { rows } = await sql<{ attempted: number; inserted: number; updated: number; replaced: number; keys: { shipperId: number; day: string }[] }>`
    with staged as (select * from ${sql.table(STAGE_TABLE)}),
    stored as (
      select d.shipper_id, d.tracking_no, d.promised_at, d.import_job_id, d.import_line
      from deliveries d join staged s on d.shipper_id = s.shipper_id and d.tracking_no = s.tracking_no
    ),
    superseded as (
      select s.shipper_id, s.tracking_no, s.import_line, o.import_line as later_line
      from staged s
      join stored o on o.shipper_id = s.shipper_id and o.tracking_no = s.tracking_no
      join import_jobs j on j.id = o.import_job_id
      where ${fileSha256}::text is not null and j.file_sha256 = ${fileSha256}::text and j.id <> ${jobId}
        and o.import_line > s.import_line
    ),
    src as (
      select s.* from staged s
      where not exists (select 1 from superseded x where x.shipper_id = s.shipper_id and x.tracking_no = s.tracking_no)
    ),
    old as (select o.* from stored o join src on src.shipper_id = o.shipper_id and src.tracking_no = o.tracking_no),
    superseded_reported as (
      insert into import_row_errors (shipper_id, job_id, line, column_name, value, message)
      select x.shipper_id, ${jobId}::bigint, x.import_line, 'tracking_no', x.tracking_no,
             format('Tracking number "%s" appears again on line %s for the same shipper; the later row was kept and this one replaced.', x.tracking_no, x.later_line)
      from superseded x
      returning 1
    ),
    up as (
      insert into deliveries (${sql.raw(DELIVERY_COPY_COLUMNS.join(', '))})
      select ${sql.raw(DELIVERY_COPY_COLUMNS.join(', '))} from src
      on conflict (shipper_id, tracking_no) do update set
        consignee_id = excluded.consignee_id, pair_id = excluded.pair_id, contract_id = excluded.contract_id,
        origin = excluded.origin, destination = excluded.destination, picked_up_at = excluded.picked_up_at,
        promised_at = excluded.promised_at, delivered_at = excluded.delivered_at, status = excluded.status,
        pieces_expected = excluded.pieces_expected, pieces_delivered = excluded.pieces_delivered,
        damaged_pieces = excluded.damaged_pieces, revenue = excluded.revenue, cost = excluded.cost,
        exception_cause = coalesce(excluded.exception_cause, deliveries.exception_cause),
        import_job_id = excluded.import_job_id, import_line = excluded.import_line, updated_at = now()
      where (deliveries.consignee_id, deliveries.pair_id, deliveries.contract_id, deliveries.origin, deliveries.destination,
             deliveries.picked_up_at, deliveries.promised_at, deliveries.delivered_at, deliveries.status,
             deliveries.pieces_expected, deliveries.pieces_delivered, deliveries.damaged_pieces, deliveries.revenue, deliveries.cost,
             deliveries.exception_cause)
        is distinct from
            (excluded.consignee_id, excluded.pair_id, excluded.contract_id, excluded.origin, excluded.destination,
             excluded.picked_up_at, excluded.promised_at, excluded.delivered_at, excluded.status,
             excluded.pieces_expected, excluded.pieces_delivered, excluded.damaged_pieces, excluded.revenue, excluded.cost,
             coalesce(excluded.exception_cause, deliveries.exception_cause))
      returning shipper_id, tracking_no, promised_at, (xmax = 0) as fresh
    ),
    replaced as (
      insert into import_row_errors (shipper_id, job_id, line, column_name, value, message)
      select o.shipper_id, ${jobId}::bigint, o.import_line, 'tracking_no', o.tracking_no,
             format('Tracking number "%s" appears again on line %s for the same shipper; the later row was kept and this one replaced.', o.tracking_no, src.import_line)
      from old o join src on src.shipper_id = o.shipper_id and src.tracking_no = o.tracking_no
      where o.import_job_id = ${jobId} and o.import_line is not null and o.import_line < src.import_line
      returning 1
    ),
    keys as (
      select shipper_id, ${day('promised_at')} as day from up
      union
      select o.shipper_id, ${day('o.promised_at')} from old o join up u on u.shipper_id = o.shipper_id and u.tracking_no = o.tracking_no
    )
    select
      (select count(*) from src)::int as attempted,
      (select count(*) from up where fresh)::int as inserted,
      (select count(*) from up where not fresh)::int as updated,
      ((select count(*) from replaced) + (select count(*) from superseded_reported))::int as replaced,
      (select coalesce(json_agg(json_build_object('shipperId', shipper_id, 'day', to_char(day, 'YYYY-MM-DD'))), '[]'::json) from keys) as keys`
    .execute(db);
  const r = rows[0];
  const keys = typeof r.keys === 'string' ? JSON.parse(r.keys) : r.keys;
  return { attempted: Number(r.attempted), inserted: Number(r.inserted), updated: Number(r.updated), replaced: Number(r.replaced), keys };
}
