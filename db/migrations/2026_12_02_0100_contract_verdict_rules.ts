import type { Kysely } from 'kysely';
import { runStatements } from '../ddl';

/**
 * Closed and provisional months (DESIGN.md §5): a contract's settling period (days after a month's end
 * before the month is closed and can owe a credit) and the minimum number of due deliveries a month needs
 * for a verdict. Bounds as in api/domain/closed-months.ts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table contracts
       add column settling_days integer not null default 3 check (settling_days between 0 and 28),
       add column min_due_count integer not null default 20 check (min_due_count between 1 and 100000)`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, ['alter table contracts drop column settling_days, drop column min_due_count']);
}
