import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Pair-level revenue at risk (DESIGN.md sections 6–7): each company's transfer value (revenue of the
 * deliveries made to it) and the part of revenue at risk billed to it as shipper, so a list's totals count
 * every pair once. revenue_at_risk now holds the company's exposure: Σ over its pairs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table churn_scores add column transfer_value_12m numeric(14,2) not null default 0',
    'alter table churn_scores add column billed_at_risk numeric(14,2) not null default 0',
    'alter table churn_scores add column direct_billed_at_risk numeric(14,2) not null default 0',
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    'alter table churn_scores drop column transfer_value_12m',
    'alter table churn_scores drop column billed_at_risk',
    'alter table churn_scores drop column direct_billed_at_risk',
  ]);
}
