import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** Columns of the per-session staging table, in the order the import writes them (COPY text format). */
export const STAGE_COLUMNS = [
  'line', 'tracking_no', 'shipper_code', 'consignee_code', 'consignee_name', 'contract_code', 'origin', 'destination',
  'picked_up_at', 'promised_at', 'delivered_at', 'status', 'pieces_expected', 'pieces_delivered', 'damaged_pieces',
  'revenue', 'cost',
] as const;

export const STAGE_TABLE = 'delivery_import_stage';
export const COPY_STAGE_SQL = `copy ${STAGE_TABLE} (${STAGE_COLUMNS.join(', ')}) from`;

/** A temporary table private to the import's connection; each batch's rows vanish at its commit. */
export async function createStageTable(db: Executor): Promise<void> {
  await sql.raw(`create temp table if not exists ${STAGE_TABLE} (
    line integer not null, tracking_no text not null, shipper_code text not null, consignee_code text not null,
    consignee_name text, contract_code text, origin text, destination text,
    picked_up_at timestamptz, promised_at timestamptz not null, delivered_at timestamptz, status text not null,
    pieces_expected integer not null, pieces_delivered integer not null, damaged_pieces integer not null,
    revenue numeric(14,2) not null, cost numeric(14,2) not null
  ) on commit delete rows`).execute(db);
}

export async function dropStageTable(db: Executor): Promise<void> {
  await sql.raw(`drop table if exists ${STAGE_TABLE}`).execute(db);
}

const stage = sql.table(STAGE_TABLE);

/** Staged rows whose shipper is known (and whose contract code, if any, belongs to it). */
const acceptedRows = sql`
  select s.*, sh.id as shipper_id
  from ${stage} s
  join companies sh on sh.code = s.shipper_code and sh.is_shipper
  where s.contract_code is null
     or exists (select 1 from contracts k where k.shipper_id = sh.id and k.code = s.contract_code)`;

/** Reports staged rows whose references do not resolve; returns how many distinct rows were rejected. */
export async function rejectUnresolvedRows(db: Executor, jobId: number): Promise<number> {
  const { rows } = await sql<{ rejected: number }>`
    with errors as (
      insert into import_row_errors (shipper_id, job_id, line, column_name, value, message)
      select 0, ${jobId}::bigint, s.line, 'shipper_code', s.shipper_code,
             format('Unknown shipper "%s": no company with this code is marked as a shipper. Create the shipper first or correct the code.', s.shipper_code)
      from ${stage} s
      where not exists (select 1 from companies sh where sh.code = s.shipper_code and sh.is_shipper)
      union all
      select sh.id, ${jobId}::bigint, s.line, 'contract_code', s.contract_code,
             format('Unknown contract "%s" for shipper "%s"; leave contract_code empty to use the contract in force at promised_at.', s.contract_code, s.shipper_code)
      from ${stage} s
      join companies sh on sh.code = s.shipper_code and sh.is_shipper
      where s.contract_code is not null
        and not exists (select 1 from contracts k where k.shipper_id = sh.id and k.code = s.contract_code)
      returning line
    )
    select count(distinct line)::int as rejected from errors`.execute(db);
  return Number(rows[0]?.rejected ?? 0);
}

/**
 * Unknown consignee codes become consignee companies (named from the file); known companies become consignees.
 * Each created or changed company is audited in the same statement. Returns how many were written.
 */
export async function ensureConsignees(db: Executor, audit: { userId: number | null; requestId: string }): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with wanted as (
      select distinct on (a.consignee_code) a.consignee_code as code, coalesce(a.consignee_name, a.consignee_code) as name
      from (${acceptedRows}) a
      order by a.consignee_code, a.line desc
    ),
    written as (
      insert into companies (code, name, is_shipper, is_consignee)
      select code, name, false, true from wanted order by code
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
    select count(*)::int as n from audited`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every (shipper, consignee) of the batch gets a pair: created with source 'import', or revived if archived; audited. */
export async function ensurePairs(db: Executor, audit: { userId: number | null; requestId: string }): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with written as (
      insert into customer_pairs (shipper_id, consignee_id, source)
      select distinct a.shipper_id, co.id, 'import'
      from (${acceptedRows}) a
      join companies co on co.code = a.consignee_code
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
    select count(*)::int as n from audited`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface UpsertOutcome {
  attempted: number;
  inserted: number;
  updated: number;
  replaced: number;
  keys: { shipperId: number; day: string }[];
}

/**
 * Writes the batch's accepted rows: contract resolved (given code, else the shipper's contract in force on the
 * promised day that covers the consignee), inserted or updated only when something differs. Reports rows of an
 * earlier batch of the same job that a repeated tracking number replaced, and returns the (shipper, day) keys
 * whose rollups changed — the old promised day of an updated row as well as the new one.
 */
export async function upsertStagedDeliveries(db: Executor, jobId: number, timeZone: string): Promise<UpsertOutcome> {
  const day = (column: string) => sql`(${sql.raw(column)} at time zone ${timeZone}::text)::date`;
  const { rows } = await sql<{ attempted: number; inserted: number; updated: number; replaced: number; keys: { shipperId: number; day: string }[] }>`
    with src as (
      select a.*, co.id as consignee_id, p.id as pair_id, coalesce(kc.id, kd.id) as contract_id
      from (${acceptedRows}) a
      join companies co on co.code = a.consignee_code
      join customer_pairs p on p.shipper_id = a.shipper_id and p.consignee_id = co.id
      left join contracts kc on a.contract_code is not null and kc.shipper_id = a.shipper_id and kc.code = a.contract_code
      left join lateral (
        select k.id from contracts k
        where a.contract_code is null and k.shipper_id = a.shipper_id and k.archived_at is null
          and ${day('a.promised_at')} between k.start_date and k.end_date
          and (not exists (select 1 from contract_consignees cc where cc.contract_id = k.id)
               or exists (select 1 from contract_consignees cc where cc.contract_id = k.id and cc.consignee_id = co.id))
        order by exists (select 1 from contract_consignees cc where cc.contract_id = k.id and cc.consignee_id = co.id) desc,
                 k.start_date desc, k.id desc
        limit 1
      ) kd on true
    ),
    old as (
      select d.shipper_id, d.tracking_no, d.promised_at, d.import_job_id, d.import_line
      from deliveries d join src on d.shipper_id = src.shipper_id and d.tracking_no = src.tracking_no
    ),
    up as (
      insert into deliveries (shipper_id, tracking_no, consignee_id, pair_id, contract_id, origin, destination,
        picked_up_at, promised_at, delivered_at, status, pieces_expected, pieces_delivered, damaged_pieces,
        revenue, cost, import_job_id, import_line)
      select shipper_id, tracking_no, consignee_id, pair_id, contract_id, origin, destination,
        picked_up_at, promised_at, delivered_at, status, pieces_expected, pieces_delivered, damaged_pieces,
        revenue, cost, ${jobId}::bigint, line
      from src
      on conflict (shipper_id, tracking_no) do update set
        consignee_id = excluded.consignee_id, pair_id = excluded.pair_id, contract_id = excluded.contract_id,
        origin = excluded.origin, destination = excluded.destination, picked_up_at = excluded.picked_up_at,
        promised_at = excluded.promised_at, delivered_at = excluded.delivered_at, status = excluded.status,
        pieces_expected = excluded.pieces_expected, pieces_delivered = excluded.pieces_delivered,
        damaged_pieces = excluded.damaged_pieces, revenue = excluded.revenue, cost = excluded.cost,
        import_job_id = excluded.import_job_id, import_line = excluded.import_line, updated_at = now()
      where (deliveries.consignee_id, deliveries.pair_id, deliveries.contract_id, deliveries.origin, deliveries.destination,
             deliveries.picked_up_at, deliveries.promised_at, deliveries.delivered_at, deliveries.status,
             deliveries.pieces_expected, deliveries.pieces_delivered, deliveries.damaged_pieces, deliveries.revenue, deliveries.cost)
        is distinct from
            (excluded.consignee_id, excluded.pair_id, excluded.contract_id, excluded.origin, excluded.destination,
             excluded.picked_up_at, excluded.promised_at, excluded.delivered_at, excluded.status,
             excluded.pieces_expected, excluded.pieces_delivered, excluded.damaged_pieces, excluded.revenue, excluded.cost)
      returning shipper_id, tracking_no, promised_at, (xmax = 0) as fresh
    ),
    replaced as (
      insert into import_row_errors (shipper_id, job_id, line, column_name, value, message)
      select o.shipper_id, ${jobId}::bigint, o.import_line, 'tracking_no', o.tracking_no,
             format('Tracking number "%s" appears again on line %s for the same shipper; the later row was kept and this one replaced.', o.tracking_no, src.line)
      from old o join src on src.shipper_id = o.shipper_id and src.tracking_no = o.tracking_no
      where o.import_job_id = ${jobId} and o.import_line is not null and o.import_line < src.line
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
      (select count(*) from replaced)::int as replaced,
      (select coalesce(json_agg(json_build_object('shipperId', shipper_id, 'day', to_char(day, 'YYYY-MM-DD'))), '[]'::json) from keys) as keys`
    .execute(db);
  const r = rows[0];
  const keys = typeof r.keys === 'string' ? JSON.parse(r.keys) : r.keys;
  return { attempted: Number(r.attempted), inserted: Number(r.inserted), updated: Number(r.updated), replaced: Number(r.replaced), keys };
}
