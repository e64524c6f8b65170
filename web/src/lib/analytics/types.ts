/** Shapes of the account, value, satisfaction and churn answers the manager pages read, from the generated API types. */
import type { Schemas } from '../api/types';

export type { PageMeta, Paged } from '../api/types';

export type CompanyRole = Schemas['CompanyRole'];
export type Company = Schemas['Company'];
export type LifecycleStage = NonNullable<Company['lifecycleStage']>;
export const SERVICE_LINES = ['transport', 'warehousing', 'value_added', 'customs', 'cold_chain', 'last_mile', 'express'] as const;

/** A row of GET /companies: the company with churn risk and 12-month revenue of the latest churn run (null when unscored) */
export type CompanyListItem = Schemas['CompanyListItem'];
export type CompanyList = NonNullable<import('../api/types').paths['/companies']['get']['responses'][200]['content']['application/json']>;

/** GET /contracts rows: the contract with its compliance from its start to today (null for a consignee client) */
export type ComplianceSummary = Schemas['ComplianceSummary'];
export type ContractListItem = Schemas['ContractListItem'];
export type Contract = Schemas['Contract'];

export type Pair = Schemas['Pair'];
export type Party = Pair['shipper'];
export type CompanyDetail = Schemas['CompanyDetail'];

export type Kpis = Schemas['ServiceKpis'];
/** provisional: its period is not closed yet; judged: enough due deliveries for a verdict (a trend leaves the others out) */
export type ServiceRow = Schemas['ServiceKpiRow'];
export type VerdictRules = Schemas['VerdictRules'];
export type ServiceReport = Schemas['ServiceReport'];
export type CompanyService = Schemas['CompanyService'];

export type { KpiName, MonthCompliance, ComplianceReport, Breach, BreachList } from '../compliance/types';

export type CompanySatisfaction = Schemas['CompanySatisfaction'];
export type DepartmentSatisfaction = CompanySatisfaction['departments'][number];

export type ValueRow = Schemas['CompanyValueRow'];
export type CompanyValue = Schemas['CompanyValue'];
export type ClvSettings = CompanyValue['settings'];
export type ValueOverview = Schemas['ValueOverview'];

export type Department = Schemas['Department'];
export type Contact = Schemas['Contact'];
export type InteractionKind = Schemas['InteractionKind'];
export type Interaction = Schemas['Interaction'];
export const DEPARTMENT_KINDS = ['procurement', 'warehouse', 'finance', 'logistics', 'sales', 'customer_service', 'other'] as const;
export const CHANNELS = ['phone', 'email', 'wechat', 'sms', 'visit', 'other'] as const;
export const INTERACTION_KINDS: InteractionKind[] = ['call', 'visit', 'email', 'meeting', 'complaint', 'claim'];

/** A list answer that is either an array or { items }. */
export function itemsOf<T>(answer: T[] | { items: T[] } | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items;
}

export type ChurnRun = Schemas['ChurnRun'];
export type ChurnItem = Schemas['ChurnItem'];
export type Contribution = ChurnItem['topDrivers'][number];
export type ChurnList = Schemas['ChurnList'];
export type CompanyChurn = Schemas['CompanyChurn'];
/** The API's retention advice: an action key with what its reason names (api/churn/retention-advice.ts). */
export type RetentionAdvice = ChurnItem['advice'];
export type WhatIfResult = Schemas['ChurnWhatIfResult'];
export type WhatIfCompany = WhatIfResult['named'][number];
export type KpiDeliveryList = Schemas['KpiDeliveryList'];
export type ChurnBacktest = Schemas['ChurnBacktest'];
export type SaveFirstPlan = Schemas['ChurnSaveFirstPlan'];
