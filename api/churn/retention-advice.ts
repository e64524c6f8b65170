import type { SignalContribution } from './signals';

export const RETENTION_ACTIONS = [
  'fix_department', 'renew_contract', 'resolve_complaints', 'restore_service',
  'win_back_volume', 'protect_pair', 'structural_bond', 'monitor',
] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export interface AdviceInput {
  p: number;
  r: number;
  /** contributions of the direct risk, any order */
  contributions: readonly SignalContribution[];
  weakestDepartment: string | null;
  /** the neighbour that contributes most to the cascade part, when there is one */
  topNeighbour: { companyId: number; name: string } | null;
  /** a high-value account (class A by profit) */
  highValue: boolean;
}

/** What the reason names, so a portal can word it in its own language (message `adv.<action>`). */
export interface AdviceParams {
  department?: string;
  neighbour?: string;
  neighbourId?: number;
}

export interface Advice {
  action: RetentionAction;
  params: AdviceParams;
  /** the reason in English, for exports and logs; the portal translates action + params instead */
  reason: string;
}

const BY_SIGNAL: Record<string, RetentionAction> = {
  weakestDepartment: 'fix_department', dissatisfaction: 'fix_department', satisfactionDecline: 'fix_department',
  contractExpiry: 'renew_contract', openComplaints: 'resolve_complaints', slowClaims: 'resolve_complaints',
  otifShortfall: 'restore_service', breaches: 'restore_service', volumeDecline: 'win_back_volume', partnerLoss: 'win_back_volume',
};

/**
 * The suggested action for an at-risk company, drawn from its drivers: when most of its risk comes
 * through the graph (cascade part p − r above r), protect the pair with the neighbour that carries it —
 * a structural bond (integration, dedicated capacity) for a high-value account; otherwise act on the
 * largest direct driver (fix the weakest department, renew the contract, resolve complaints, restore
 * the service level, win back volume). Nothing stands out → monitor.
 */
export function retentionAdvice(input: AdviceInput): Advice {
  const cascade = input.p - input.r;
  if (cascade > input.r && input.topNeighbour) {
    const who = `${input.topNeighbour.name} (#${input.topNeighbour.companyId})`;
    const params = { neighbour: input.topNeighbour.name, neighbourId: input.topNeighbour.companyId };
    return input.highValue
      ? { action: 'structural_bond', params, reason: `Most of the risk comes through the pair with ${who}; a high-value account merits a structural bond on that flow.` }
      : { action: 'protect_pair', params, reason: `Most of the risk comes through the pair with ${who}; protect the service on that pair.` };
  }
  const top = [...input.contributions].filter((c) => c.contribution > 0).sort((a, b) => b.contribution - a.contribution)[0];
  const action = top ? BY_SIGNAL[top.signal] : undefined;
  if (!top || !action) return { action: 'monitor', params: {}, reason: 'No driver stands out.' };
  const reasons: Record<RetentionAction, string> = {
    fix_department: `Satisfaction is the main driver${input.weakestDepartment ? `; the weakest department is ${input.weakestDepartment}: fix its issue first` : ''}.`,
    renew_contract: 'The contract ends soon without renewal: renegotiate and renew it.',
    resolve_complaints: 'Complaints or claims are open or slow: resolve them.',
    restore_service: 'OTIF is below the contract target: restore the service level and review credits.',
    win_back_volume: 'Volume is falling: review the lanes and win the volume back.',
    protect_pair: '', structural_bond: '', monitor: '',
  };
  const params = action === 'fix_department' && input.weakestDepartment ? { department: input.weakestDepartment } : {};
  return { action, params, reason: reasons[action] };
}
