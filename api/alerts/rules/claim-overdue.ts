import { sql } from 'kysely';
import type { Executor } from '../../../db/database';
import { responseDueAt } from '../../claims/rules';
import type { AlertCandidate, AlertRule } from '../rule';

/** Claims still unanswered (filed, not acknowledged) whose response target ran out before `now`. */
export function unansweredClaims(db: Executor, now: Date, companyIds?: readonly number[]) {
  return db.selectFrom('claims as c')
    .innerJoin('companies as s', 's.id', 'c.shipper_id')
    .select(['c.id', 'c.shipper_id', 'c.contract_id', 'c.kind', 'c.amount_claimed', 'c.filed_at', 'c.response_target_hours', 's.name as shipper_name'])
    .where('c.status', '=', 'filed')
    .where(sql<Date>`c.filed_at + c.response_target_hours * interval '1 hour'`, '<', now)
    .$if(companyIds !== undefined, (q) => q.where('c.shipper_id', 'in', companyIds!.length ? [...companyIds!] : [-1]))
    .orderBy('c.id')
    .execute();
}

type Unanswered = Awaited<ReturnType<typeof unansweredClaims>>[number];

/** A claim past its response target with no staff response: once per claim (DESIGN.md §10). */
export function claimOverdue(c: Unanswered, now: Date): AlertCandidate | null {
  const target = Number(c.response_target_hours);
  const due = responseDueAt(c.filed_at, target);
  if (due.getTime() >= now.getTime()) return null;
  const hoursOver = Math.round(((now.getTime() - due.getTime()) / 3600_000) * 10) / 10;
  return {
    rule: 'claim_overdue',
    causeKey: `claim_overdue:claim=${c.id}`,
    companyId: Number(c.shipper_id),
    contractId: c.contract_id === null ? null : Number(c.contract_id),
    severity: hoursOver >= target ? 'critical' : 'warning',
    period: null,
    params: { claim: Number(c.id), company: c.shipper_name, kind: c.kind, targetHours: target, hoursOver },
    evidence: {
      links: [{ type: 'company', id: Number(c.shipper_id), label: c.shipper_name }],
      facts: [
        { key: 'claimAmount', value: Number(c.amount_claimed), unit: 'money' },
        { key: 'responseHours', value: Math.round(((now.getTime() - c.filed_at.getTime()) / 3600_000) * 10) / 10, target, unit: 'hours' },
      ],
    },
  };
}

export const claimOverdueRule: AlertRule = {
  id: 'claim_overdue',
  triggers: ['clock', 'nightly', 'manual'],
  async evaluate(ctx) {
    const claims = await unansweredClaims(ctx.db, ctx.now, ctx.companyIds);
    return claims.flatMap((c) => claimOverdue(c, ctx.now) ?? []);
  },
};
