import type { AlertEvidence, EvidenceFact } from '../../db/tables/workbench';
import type { KpiName } from '../domain/compliance';
import type { ContractMonth } from './contract-months';

const UNIT: Record<KpiName, EvidenceFact['unit']> = {
  onTime: 'ratio', inFull: 'ratio', otif: 'ratio', damageRate: 'ratio', avgTransitHours: 'hours',
};

/** The breached KPIs of a contract month (actual against target), its due count and the credit, with links. */
export function breachEvidence(m: ContractMonth, extra: EvidenceFact[] = []): AlertEvidence {
  const facts: EvidenceFact[] = m.compliance.checks
    .filter((c) => c.breached)
    .map((c) => ({ key: c.kpi, value: c.actual, target: c.target, unit: UNIT[c.kpi] }));
  facts.push({ key: 'due', value: m.kpis.due, unit: 'count' }, ...extra);
  return {
    links: [
      { type: 'compliance', id: m.contract.id, month: m.span.month, label: `${m.contract.code} ${m.span.month}` },
      { type: 'company', id: m.contract.shipper_id, label: m.shipperName },
    ],
    facts,
  };
}
