import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

const MEASURES = `
      shipments integer not null default 0,
      due integer not null default 0,
      delivered integer not null default 0,
      on_time integer not null default 0,
      in_full integer not null default 0,
      otif integer not null default 0,
      perfect integer not null default 0,
      pieces_expected integer not null default 0,
      pieces_delivered integer not null default 0,
      damaged_pieces integer not null default 0,
      transit_count integer not null default 0,
      transit_hours_sum double precision not null default 0,
      transit_buckets smallint[] not null default '{}',
      transit_counts integer[] not null default '{}',
      revenue numeric(16,2) not null default 0,
      cost numeric(16,2) not null default 0,
      refreshed_at timestamptz not null default now()`;

/**
 * Rollups in two levels. The transit histogram moves into the rollup row as two parallel arrays (whole hours
 * and their counts): the separate histogram table held more rows than there were deliveries on sparse pairs.
 * A monthly level with the same key answers long ranges from a twelfth of the rows; days at the edges of a
 * range still come from the daily level. An import adds to the daily rows batch by batch and queues the
 * months it touched; their monthly rows are recomputed from the daily ones once the import has moved past
 * them (a month's rows would otherwise be rewritten by every batch in it). Keys are compared bytewise
 * (collation "C"), which keeps the wide primary keys cheap to maintain.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table daily_service_rollups
      add column transit_buckets smallint[] not null default '{}',
      add column transit_counts integer[] not null default '{}'`,
    `update daily_service_rollups r set transit_buckets = h.buckets, transit_counts = h.counts
      from (
        select shipper_id, day, consignee_id, contract_id, origin, destination,
          array_agg(least(bucket_hours, 32767)::smallint order by bucket_hours) as buckets,
          array_agg(count order by bucket_hours) as counts
        from daily_transit_histogram
        group by shipper_id, day, consignee_id, contract_id, origin, destination
      ) h
      where r.shipper_id = h.shipper_id and r.day = h.day and r.consignee_id = h.consignee_id
        and r.contract_id = h.contract_id and r.origin = h.origin and r.destination = h.destination`,
    'drop table daily_transit_histogram',
    'drop index daily_service_rollups_contract_idx',
    'drop index daily_service_rollups_day_idx',
    `alter table daily_service_rollups
      alter column origin type text collate "C", alter column destination type text collate "C"`,
    `create table monthly_service_rollups (
      shipper_id bigint not null,
      month date not null check (extract(day from month) = 1),
      consignee_id bigint not null,
      contract_id bigint not null default 0,
      origin text collate "C" not null default '',
      destination text collate "C" not null default '',
      ${MEASURES},
      primary key (shipper_id, month, consignee_id, contract_id, origin, destination)
    )`,
    `create index monthly_service_rollups_consignee_idx on monthly_service_rollups (consignee_id, month)`,
    `insert into monthly_service_rollups (shipper_id, month, consignee_id, contract_id, origin, destination,
        shipments, due, delivered, on_time, in_full, otif, perfect, pieces_expected, pieces_delivered, damaged_pieces,
        transit_count, transit_hours_sum, revenue, cost)
      select shipper_id, date_trunc('month', day)::date, consignee_id, contract_id, origin, destination,
        sum(shipments), sum(due), sum(delivered), sum(on_time), sum(in_full), sum(otif), sum(perfect),
        sum(pieces_expected), sum(pieces_delivered), sum(damaged_pieces), sum(transit_count), sum(transit_hours_sum),
        sum(revenue), sum(cost)
      from daily_service_rollups
      group by 1, 2, 3, 4, 5, 6`,
    `update monthly_service_rollups m set transit_buckets = h.buckets, transit_counts = h.counts
      from (
        select shipper_id, month, consignee_id, contract_id, origin, destination,
          array_agg(bucket order by bucket) as buckets, array_agg(n order by bucket) as counts
        from (
          select r.shipper_id, date_trunc('month', r.day)::date as month, r.consignee_id, r.contract_id, r.origin, r.destination,
            u.bucket, sum(u.n)::int as n
          from daily_service_rollups r cross join unnest(r.transit_buckets, r.transit_counts) as u(bucket, n)
          group by 1, 2, 3, 4, 5, 6, 7
        ) b
        group by 1, 2, 3, 4, 5, 6
      ) h
      where m.shipper_id = h.shipper_id and m.month = h.month and m.consignee_id = h.consignee_id
        and m.contract_id = h.contract_id and m.origin = h.origin and m.destination = h.destination`,
    `create table monthly_rollup_queue (
      shipper_id bigint not null,
      month date not null,
      queued_at timestamptz not null default now(),
      primary key (shipper_id, month)
    )`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'drop table monthly_rollup_queue',
    'drop table monthly_service_rollups',
    `alter table daily_service_rollups
      alter column origin type text collate "default", alter column destination type text collate "default"`,
    'create index daily_service_rollups_day_idx on daily_service_rollups (day)',
    'create index daily_service_rollups_contract_idx on daily_service_rollups (contract_id, day)',
    `create table daily_transit_histogram (
      shipper_id bigint not null,
      day date not null,
      consignee_id bigint not null,
      contract_id bigint not null default 0,
      origin text not null default '',
      destination text not null default '',
      bucket_hours integer not null,
      count integer not null,
      primary key (shipper_id, day, consignee_id, contract_id, origin, destination, bucket_hours)
    )`,
    `insert into daily_transit_histogram
      select r.shipper_id, r.day, r.consignee_id, r.contract_id, r.origin, r.destination, u.bucket, u.n
      from daily_service_rollups r cross join unnest(r.transit_buckets, r.transit_counts) as u(bucket, n)`,
    'alter table daily_service_rollups drop column transit_buckets, drop column transit_counts',
  ]);
}
