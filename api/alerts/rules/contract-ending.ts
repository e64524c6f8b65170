import { addDays, daysBetween } from '../../domain/business-day';
import { contractsEnding } from '../rule-queries';
import type { AlertCandidate, AlertRule } from '../rule';

type Ending = Awaited<ReturnType<typeof contractsEnding>>['ending'][number];
type Sibling = Awaited<ReturnType<typeof contractsEnding>>['siblings'][number];

/** A contract is renewed when it renews itself or the shipper has a later contract that runs past its end. */
export function isRenewed(contract: Pick<Ending, 'id' | 'shipper_id' | 'start_date' | 'end_date' | 'auto_renew'>, siblings: readonly Sibling[]): boolean {
  return contract.auto_renew || siblings.some((s) => s.id !== contract.id && s.shipper_id === contract.shipper_id
    && s.end_date > contract.end_date && s.start_date > contract.start_date);
}

/** A contract ending within the horizon without a renewal: once per contract and end date. */
export function contractEnding(k: Ending, siblings: readonly Sibling[], today: string): AlertCandidate | null {
  if (isRenewed(k, siblings)) return null;
  const daysLeft = daysBetween(today, k.end_date);
  return {
    rule: 'contract_ending',
    causeKey: `contract_ending:contract=${k.id}:${k.end_date}`,
    companyId: k.shipper_id,
    contractId: k.id,
    severity: daysLeft <= 30 ? 'critical' : 'warning',
    period: k.end_date,
    params: { contract: k.code, company: k.shipper_name, endDate: k.end_date, daysLeft },
    evidence: {
      links: [
        { type: 'contract', id: k.id, label: k.code },
        { type: 'company', id: k.shipper_id, label: k.shipper_name },
      ],
      facts: [
        { key: 'endDate', value: k.end_date, unit: 'date' },
        { key: 'daysLeft', value: daysLeft, unit: 'days' },
        { key: 'autoRenew', value: 'no', unit: 'text' },
        { key: 'monthlyFee', value: k.monthly_fee, unit: 'money' },
      ],
    },
  };
}

export const contractEndingRule: AlertRule = {
  id: 'contract_ending',
  triggers: ['import', 'nightly', 'manual'],
  async evaluate(ctx) {
    const { ending, siblings } = await contractsEnding(ctx.db, ctx.today, addDays(ctx.today, ctx.thresholds.contractEndingDays), ctx.companyIds);
    return ending.flatMap((k) => contractEnding(k, siblings, ctx.today) ?? []);
  },
};
