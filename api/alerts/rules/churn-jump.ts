import { lastTwoChurnRuns } from '../rule-queries';
import type { AlertCandidate, AlertRule } from '../rule';

export interface RiskPair {
  companyId: number;
  name: string;
  before: { total: number; direct: number };
  after: { total: number; direct: number };
}

/** Total churn risk rose by at least `jump` from one run to the next: once per company and month. */
export function churnJump(r: RiskPair, jump: number, month: string, runs: { latestId: number; latestAt: Date; previousAt: Date }): AlertCandidate | null {
  const rise = r.after.total - r.before.total;
  if (rise < jump - 1e-12) return null;
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return {
    rule: 'churn_jump',
    causeKey: `churn_jump:company=${r.companyId}:${month}`,
    companyId: r.companyId,
    severity: r.after.total >= 0.5 ? 'critical' : 'warning',
    period: month,
    params: { company: r.name, before: round(r.before.total), after: round(r.after.total) },
    evidence: {
      links: [{ type: 'churn', id: r.companyId, companyId: r.companyId, label: r.name }],
      facts: [
        { key: 'riskBefore', value: round(r.before.total), unit: 'ratio' },
        { key: 'riskAfter', value: round(r.after.total), unit: 'ratio' },
        { key: 'riskRise', value: round(rise), unit: 'ratio' },
        { key: 'directRiskAfter', value: round(r.after.direct), unit: 'ratio' },
        { key: 'cascadeRiskAfter', value: round(r.after.total - r.after.direct), unit: 'ratio' },
        { key: 'computedAt', value: runs.latestAt.toISOString(), unit: 'date' },
        { key: 'previousComputedAt', value: runs.previousAt.toISOString(), unit: 'date' },
      ],
    },
  };
}

export const churnJumpRule: AlertRule = {
  id: 'churn_jump',
  triggers: ['import', 'nightly', 'manual'],
  async evaluate(ctx) {
    const runs = await lastTwoChurnRuns(ctx.db, ctx.companyIds);
    if (!runs) return [];
    const pairs = new Map<number, Partial<RiskPair>>();
    for (const row of runs.rows) {
      const id = Number(row.company_id);
      const entry = pairs.get(id) ?? { companyId: id, name: row.name };
      const risk = { total: Number(row.total_risk), direct: Number(row.direct_risk) };
      if (Number(row.run_id) === Number(runs.latest.id)) entry.after = risk; else entry.before = risk;
      pairs.set(id, entry);
    }
    const month = ctx.today.slice(0, 7);
    const meta = { latestId: Number(runs.latest.id), latestAt: runs.latest.computed_at, previousAt: runs.previous.computed_at };
    return [...pairs.values()].flatMap((p) => (p.before && p.after ? churnJump(p as RiskPair, ctx.thresholds.churnJump, month, meta) ?? [] : []));
  },
};
