import { describe, expect, it } from 'vitest';
import { retentionAdvice } from '../../api/churn/retention-advice';
import type { SignalContribution } from '../../api/churn/signals';

const c = (signal: SignalContribution['signal'], contribution: number): SignalContribution => ({ signal, value: 1, coefficient: contribution, contribution });

describe('retention advice', () => {
  const base = { p: 0.3, r: 0.25, weakestDepartment: 'Warehouse', topNeighbour: { companyId: 7, name: 'Acme' }, highValue: false };

  it('sends the manager to the weakest department when satisfaction drives the risk', () => {
    const advice = retentionAdvice({ ...base, contributions: [c('contractExpiry', 0.4), c('weakestDepartment', 0.9)] });
    expect(advice.action).toBe('fix_department');
    expect(advice.reason).toContain('Warehouse');
  });

  it('asks to renew an expiring contract', () => {
    expect(retentionAdvice({ ...base, contributions: [c('contractExpiry', 1.2), c('openComplaints', 0.3)] }).action).toBe('renew_contract');
  });

  it('asks to resolve open complaints', () => {
    expect(retentionAdvice({ ...base, contributions: [c('openComplaints', 0.8)] }).action).toBe('resolve_complaints');
  });

  it('protects the pair when the cascade part exceeds the direct risk, with a structural bond for a high-value account', () => {
    const input = { ...base, p: 0.5, r: 0.1, contributions: [c('contractExpiry', 1)] };
    expect(retentionAdvice(input).action).toBe('protect_pair');
    const bond = retentionAdvice({ ...input, highValue: true });
    expect(bond.action).toBe('structural_bond');
    expect(bond.reason).toContain('Acme (#7)');
  });

  it('monitors when nothing stands out', () => {
    expect(retentionAdvice({ ...base, contributions: [c('breaches', 0)] }).action).toBe('monitor');
  });
});
