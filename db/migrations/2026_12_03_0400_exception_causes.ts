import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

const CAUSES = `'provider', 'shipper', 'consignee', 'force_majeure', 'unknown'`;
const EXCUSED = ['due', 'delivered', 'on_time', 'in_full', 'otif', 'perfect', 'pieces_expected', 'pieces_delivered', 'damaged_pieces'];
const addExcused = EXCUSED.map((m) => `add column excused_${m} integer not null default 0`).join(', ');

/**
 * Causes and exclusions (DESIGN.md §5): a delivery's exception cause (api/domain/exception-causes.ts), the
 * causes a contract excuses, and in both rollup levels the counts of the excused due deliveries, so the
 * contractual KPIs (operational minus excused) come from rollups like the operational ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table deliveries add column exception_cause text check (exception_cause in (${CAUSES}))`,
    `alter table contracts add column excused_causes text[] not null default '{shipper,consignee,force_majeure}'
       check (excused_causes <@ array[${CAUSES}]::text[])`,
    `alter table daily_service_rollups ${addExcused}`,
    `alter table monthly_service_rollups ${addExcused}`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  const drop = EXCUSED.map((m) => `drop column excused_${m}`).join(', ');
  await runStatements(db, [
    `alter table monthly_service_rollups ${drop}`,
    `alter table daily_service_rollups ${drop}`,
    'alter table contracts drop column excused_causes',
    'alter table deliveries drop column exception_cause',
  ]);
}
