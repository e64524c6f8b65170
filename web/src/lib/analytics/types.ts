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

/** A row of GET /companies: the company with churn risk and 12-month revenue of the latest churn run (null when unscored) */
export interface CompanyListItem extends Company { churnRisk: number | null; revenue12m: number | null }
export interface CompanyList extends Paged<CompanyListItem> { churnRun?: { id: number; computedAt: string } | null }

/** GET /contracts rows: the contract with its compliance from its start to today (null for a consignee client) */
export interface ComplianceSummary {
  from: string; to: string;
  latestClosed: { month: string; verdict: import('../compliance/types').Verdict; breaches: string[] } | null;
  closedMonths: number; breachedMonths: number; creditsOwed: number; provisionalMonths: number;
}
export interface ContractListItem extends Contract { compliance: ComplianceSummary | null }

export interface Party { id: number; code: string; name: string }

export interface Pair {
  id: number;
  shipper: Party;
  consignee: Party;
  source: 'manual' | 'import';
  notes: string | null;
  archivedAt: string | null;
  createdAt: string;
  /** the caller may change, archive or unarchive it (the API decides) */
  canWrite: boolean;
  stats: { shipments90d: number; revenue90d: number; shipments12m: number; revenue12m: number; shipperWeight: number | null; consigneeWeight: number | null };
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
  /** days after a month's end before it is closed; due deliveries a month needs for a verdict */
  settlingDays: number;
  minDueCount: number;
  consigneeIds: number[];
  daysToEnd: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** the caller may change, archive or delete it (the API decides) */
  canWrite: boolean;
}

export interface Kpis {
  shipments: number; due: number; delivered: number; onTime: number; inFull: number; otif: number; perfect: number;
  onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; perfectRate: number | null;
  damageRate: number | null; avgTransitHours: number | null; p95TransitHours: number | null;
  revenue: number; cost: number; margin: number; marginRate: number | null;
}
/** provisional: its period is not closed yet; judged: enough due deliveries for a verdict (a trend leaves the others out) */
export interface ServiceRow extends Kpis { key: string; label: string; provisional: boolean; judged: boolean }
export interface VerdictRules { settlingDays: number; minDueCount: number }
export interface ServiceReport { from: string; to: string; groupBy: string; rules: VerdictRules; provisional: boolean; rows: ServiceRow[]; total: Kpis }
export interface CompanyService { companyId: number; asShipper: ServiceReport; asConsignee: ServiceReport }

export type { KpiName, MonthCompliance, ComplianceReport, Breach, BreachList } from '../compliance/types';

export interface DepartmentSatisfaction {
  departmentId: number; name: string; kind: string; weight: number | null; effectiveWeight: number;
  latestScore: number | null; previousScore: number | null; trend: number | null; periodsAgo: number | null;
  latestResponses: number; csat: number | null;
}
type SideSummary = { responses: number; score: number | null; nps: number | null } | null;
export interface CompanySatisfaction {
  companyId: number; periodDays: number; windowDays: number; responses: number;
  weightedScore: number | null; weightedScorePrevious: number | null; weightedTrend: number | null;
  weakestDepartment: { departmentId: number; name: string; score: number } | null;
  nps: number | null; csat: number | null;
  departments: DepartmentSatisfaction[];
  trap: {
    flag: boolean; reasons: Array<'loyalty_falling' | 'volume_falling'>;
    basicLatest: number | null; loyaltyLatest: number | null; loyaltyPrevious: number | null;
    volumeRecent90: number; volumePrevious90: number; volumeChange: number | null;
  };
  pairs: Array<{ pairId: number; shipper: { id: number; name: string }; consignee: { id: number; name: string }; shipperSide: SideSummary; consigneeSide: SideSummary; gap: number | null }>;
}

export interface ValueRow {
  companyId: number; code: string; name: string; revenue: number; cost: number; profit: number; shipments: number;
  rank: number; cumulativeShare: number; abcClass: 'A' | 'B' | 'C';
  churnProbability: number; retention: number; retentionSource: 'churn' | 'default';
  clv: number; clvPerpetual: number | null; retentionBudget: number;
}
export interface ClvSettings { discountRate: number; horizonYears: number; defaultRetention: number }
export interface CompanyValue {
  companyId: number; code: string; name: string; asOf: string; from: string; settings: ClvSettings;
  value: ValueRow | null;
  volume: { recent90: number; previous90: number; shipments12m: number; firstDay: string | null; lastDay: string | null };
  lifecycle: { stage: LifecycleStage | null; changedAt: string | null; history: Array<{ stage: LifecycleStage; previousStage: LifecycleStage | null; changedAt: string }> };
  loyalty: { index: number | null; components: Array<{ key: string; value: number | null; score: number | null; weight: number }> };
}
export interface ValueOverview {
  from: string; to: string; settings: ClvSettings;
  ranking: {
    customers: number; totalProfit: number; totalPositiveProfit: number; classCounts: { A: number; B: number; C: number };
    shareMaking80: number | null; curve: Array<{ customerShare: number; profitShare: number }>;
  };
  items: ValueRow[];
}

export interface Department {
  id: number; companyId: number; kind: string; name: string; weight: number | null; effectiveWeight: number;
  keyContactId: number | null; keyContactName: string | null; createdAt: string; updatedAt: string;
}
export interface Contact {
  id: number; companyId: number; departmentId: number | null; name: string; title: string | null; email: string | null;
  phone: string | null; preferredChannel: string | null; notes: string | null; archivedAt: string | null; createdAt: string; updatedAt: string;
}
export type InteractionKind = 'call' | 'visit' | 'email' | 'meeting' | 'complaint' | 'claim';
export interface Interaction {
  id: number; companyId: number; kind: InteractionKind; occurredAt: string; departmentId: number | null; departmentName: string | null;
  pairId: number | null; summary: string; ownerId: number | null; ownerName: string | null; openedAt: string | null; resolvedAt: string | null;
  open: boolean; resolutionHours: number | null; createdAt: string;
}
export const DEPARTMENT_KINDS = ['procurement', 'warehouse', 'finance', 'logistics', 'sales', 'customer_service', 'other'] as const;
export const CHANNELS = ['phone', 'email', 'wechat', 'sms', 'visit', 'other'] as const;
export const INTERACTION_KINDS: InteractionKind[] = ['call', 'visit', 'email', 'meeting', 'complaint', 'claim'];

/** A list answer that is either an array or { items }. */
export function itemsOf<T>(answer: T[] | { items: T[] } | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items;
}

export interface ChurnRun { id: number; computedAt: string; trigger: string; alpha: number; iterations: number; converged: boolean; companies: number; pairs: number }
export interface Contribution { signal: string; value: number; coefficient: number; contribution: number }
export interface ChurnItem {
  companyId: number; code: string; name: string; isShipper: boolean; isConsignee: boolean; accountManagerId: number | null;
  directRisk: number; risk: number; cascadeRisk: number; revenue12m: number; profit12m: number; revenueAtRisk: number; transferValue12m: number;
  abcClass: string; clv: number; retentionBudget: number; advice: { action: string; reason: string }; topDrivers: Contribution[];
}
export interface ChurnList {
  run: ChurnRun | null;
  totals: { companies: number; revenue12m: number; transferValue12m: number; expectedRevenueAtRisk: number; directRevenueAtRisk: number; cascadeRevenueAtRisk: number; meanRisk: number };
  items: ChurnItem[];
  meta: PageMeta;
}
export interface CompanyChurn extends ChurnItem {
  run: ChurnRun;
  weakestDepartment: string | null;
  signals: Record<string, number>;
  drivers: Contribution[];
  exposures: Array<{ companyId: number; name: string | null; pairIds: number[]; weight: number; neighbourRisk: number | null; contagion: number | null }>;
  ego: {
    nodes: Array<{ id: number; name: string; risk: number | null; centre: boolean; side: 'shipper' | 'consignee' | 'both' | null }>;
    edges: Array<{ neighbourId: number; pairIds: number[]; weight: number; neighbourWeight: number; shipments12m: number }>;
  };
  history: Array<{ runId: number; computedAt: string; risk: number; directRisk: number; revenueAtRisk: number }>;
}
export interface WhatIfCompany { companyId: number; name: string; directRisk: number; baseline: number; risk: number; increase: number; exposureLost: number }
export interface WhatIfResult {
  runId: number; alpha: number; minRise: number; baselineRevenueAtRisk: number; expectedRevenueAtRisk: number; expectedRevenueLost: number;
  explanation: { onNamedPairs: number; onFollowersPairs: number; pairs: number };
  movedCount: number; followerCount: number;
  named: WhatIfCompany[];
  followers: WhatIfCompany[];
  pairs: Array<{ shipper: { id: number; name: string }; consignee: { id: number; name: string }; revenue12m: number; baseline: number; risk: number; expectedRevenueLost: number }>;
}
