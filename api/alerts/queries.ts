import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { AlertCandidate } from './rule';

/**
 * Stores the candidates whose cause is new and answers with the ids of every candidate's alert (new or
 * already there). The unique cause key makes this safe against a second evaluation, a restart and a
 * concurrent process: a cause already raised is left as it was.
 */
export async function storeCandidates(db: Executor, candidates: readonly AlertCandidate[], now: Date) {
  const created: number[] = [];
  for (let i = 0; i < candidates.length; i += 200) {
    const batch = candidates.slice(i, i + 200);
    const rows = await db.insertInto('alerts').values(batch.map((c) => ({
      rule: c.rule, cause_key: c.causeKey, company_id: c.companyId, pair_id: c.pairId ?? null, contract_id: c.contractId ?? null,
      severity: c.severity, period: c.period, params: JSON.stringify(c.params), evidence: JSON.stringify(c.evidence), raised_at: now,
    }))).onConflict((oc) => oc.column('cause_key').doNothing()).returning('id').execute();
    created.push(...rows.map((r) => Number(r.id)));
  }
  return created;
}

/**
 * Routes alerts to whom they concern: the company's account manager when it has an active one, otherwise
 * every active admin. A recipient who already has a state for the alert keeps it (now marked routed).
 */
export async function routeAlerts(db: Executor, alertIds: readonly number[]): Promise<number> {
  if (alertIds.length === 0) return 0;
  const ids = sql.join([...alertIds]);
  const { rows } = await sql<{ alert_id: number }>`
    insert into alert_states (alert_id, user_id, routed)
    select a.id, u.id, true
    from alerts a
    join companies c on c.id = a.company_id
    left join users m on m.id = c.account_manager_id and m.disabled_at is null and m.role in ('manager', 'admin')
    join users u on (m.id is not null and u.id = m.id)
      or (m.id is null and u.role = 'admin' and u.disabled_at is null)
    where a.id in (${ids})
    on conflict (user_id, alert_id) do update set routed = true where alert_states.routed = false
    returning alert_id`.execute(db);
  return rows.length;
}

export const alertIdsByCause = async (db: Executor, keys: readonly string[]) => {
  if (keys.length === 0) return [];
  const out: number[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('alerts').select('id').where('cause_key', 'in', [...keys.slice(i, i + 500)]).execute();
    out.push(...rows.map((r) => Number(r.id)));
  }
  return out;
};
