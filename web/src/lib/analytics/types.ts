/** Shapes of the account API answers the manager pages read (mirrors api/schemas/accounts.ts). */
export type CompanyRole = 'shipper' | 'consignee';
export type LifecycleStage = 'prospect' | 'development' | 'growth' | 'maturity' | 'decline' | 'terminated';
export const SERVICE_LINES = ['transport', 'warehousing', 'value_added', 'customs', 'cold_chain', 'last_mile', 'express'] as const;

export interface PageMeta { page: number; pageSize: number; total: number; pages: number }
export interface Paged<T> { items: T[]; meta: PageMeta }

export interface Company {
  id: number;
  code: string;
  name: string;
  roles: CompanyRole[];
  industry: string | null;
  region: string | null;
  address: string | null;
  accountManagerId: number | null;
  accountManagerName: string | null;
  estAnnualShipments: number | null;
  serviceLines: string[];
  notes: string | null;
  customerSince: string | null;
  lifecycleStage: LifecycleStage | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Party { id: number; code: string; name: string }

export interface Pair {
  id: number;
  shipper: Party;
  consignee: Party;
  source: 'manual' | 'import';
  notes: string | null;
  archivedAt: string | null;
  createdAt: string;
  stats: { shipments90d: number; revenue90d: number; shipments12m: number; revenue12m: number; shipperWeight: number; consigneeWeight: number };
}

export interface CompanyDetail extends Company {
  pairsAsShipper: Pair[];
  pairsAsConsignee: Pair[];
}

export interface Contract {
  id: number;
  shipperId: number;
  shipperCode: string;
  shipperName: string;
  code: string;
  name: string | null;
  startDate: string;
  endDate: string;
  autoRenew: boolean;
  monthlyFee: number;
  currency: string;
  onTimeTarget: number | null;
  inFullTarget: number | null;
  otifTarget: number | null;
  maxDamageRate: number | null;
  maxAvgTransitHours: number | null;
  graceMinutes: number;
  earlyToleranceMinutes: number | null;
  onTimeMode: 'grace' | 'window';
  claimResponseHours: number | null;
  creditTiers: Array<{ shortfall: number; percent: number }>;
  creditCapPercent: number | null;
  consigneeIds: number[];
  daysToEnd: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Kpis {
  shipments: number; due: number; delivered: number; onTime: number; inFull: number; otif: number; perfect: number;
  onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; perfectRate: number | null;
  damageRate: number | null; avgTransitHours: number | null; p95TransitHours: number | null;
  revenue: number; cost: number; margin: number; marginRate: number | null;
}
export interface ServiceRow extends Kpis { key: string; label: string }
export interface ServiceReport { from: string; to: string; groupBy: string; rows: ServiceRow[]; total: Kpis }
export interface CompanyService { companyId: number; asShipper: ServiceReport; asConsignee: ServiceReport }

export type KpiName = 'onTime' | 'inFull' | 'otif' | 'damageRate' | 'avgTransitHours';
export interface MonthCompliance {
  month: string; from: string; to: string; wholeMonth: boolean; kpis: Kpis;
  checks: Array<{ kpi: KpiName; actual: number | null; target: number | null; direction: 'min' | 'max'; breached: boolean; shortfall: number }>;
  breached: boolean; breaches: KpiName[]; worstKpi: KpiName | null; worstShortfall: number; creditPercent: number; creditAmount: number;
}
export interface ComplianceReport {
  contract: { id: number; code: string; shipperId: number; startDate: string; endDate: string; monthlyFee: number; currency: string };
  from: string; to: string; months: MonthCompliance[]; totalCredit: number;
}
export interface Breach {
  contractId: number; contractCode: string; shipperId: number; shipperName: string; month: string; wholeMonth: boolean; due: number;
  breaches: KpiName[]; worstKpi: KpiName; worstShortfall: number; creditPercent: number; creditAmount: number; currency: string;
  onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; damageRate: number | null; avgTransitHours: number | null;
}
export interface BreachList { months: string[]; items: Breach[] }
