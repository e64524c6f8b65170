/**
 * Retention advice for one account from the signals the company page already loads.
 * Pure: returns message keys with raw parameters; the page formats and translates them.
 * Ordered by urgency: open complaints, high risk, contract renewal, cascade, weakest department, trap, decline.
 */
export interface AdviceInput {
  /** churn probability p (0..1) */
  churnRisk?: number | null;
  /** the part of p that comes from pair neighbours (p − r) */
  cascadeRisk?: number | null;
  /** names of the neighbours that contribute most */
  topNeighbours?: string[];
  retentionBudget?: number | null;
  weakestDepartment?: { name: string; score: number } | null;
  trap?: boolean;
  volumeRecent90?: number | null;
  volumePrevious90?: number | null;
  contracts?: Array<{ code: string; daysToEnd: number; autoRenew: boolean }>;
  openComplaints?: number;
}

export interface Advice {
  key: string;
  params: Record<string, string | number>;
}

export const HIGH_RISK = 0.3;
export const WEAK_SCORE = 3.5;
export const DECLINE = -0.15;
export const RENEWAL_DAYS = 90;
export const CASCADE_SHARE = 0.25;

export function retentionAdvice(input: AdviceInput): Advice[] {
  const advice: Advice[] = [];
  if ((input.openComplaints ?? 0) > 0) advice.push({ key: 'adv.complaints', params: { n: input.openComplaints! } });
  const risk = input.churnRisk ?? null;
  if (risk !== null && risk >= HIGH_RISK) {
    const budget = input.retentionBudget ?? 0;
    // a company with no profit of its own (a consignee) is kept for the volume its partners ship to it
    advice.push(budget > 0 ? { key: 'adv.highRisk', params: { risk, budget } } : { key: 'adv.highRiskPartners', params: { risk } });
  }
  for (const c of input.contracts ?? []) {
    if (!c.autoRenew && c.daysToEnd >= 0 && c.daysToEnd <= RENEWAL_DAYS) advice.push({ key: 'adv.contract', params: { code: c.code, days: c.daysToEnd } });
  }
  const cascade = input.cascadeRisk ?? null;
  if (risk !== null && risk > 0 && cascade !== null && cascade / risk >= CASCADE_SHARE && (input.topNeighbours?.length ?? 0) > 0) {
    advice.push({ key: 'adv.cascade', params: { share: cascade / risk, names: input.topNeighbours!.slice(0, 3).join(', ') } });
  }
  const weakest = input.weakestDepartment;
  if (weakest && weakest.score < WEAK_SCORE) advice.push({ key: 'adv.weakest', params: { department: weakest.name, score: weakest.score } });
  if (input.trap) advice.push({ key: 'adv.trap', params: {} });
  const recent = input.volumeRecent90 ?? null;
  const previous = input.volumePrevious90 ?? null;
  if (recent !== null && previous !== null && previous > 0) {
    const change = recent / previous - 1;
    if (change <= DECLINE) advice.push({ key: 'adv.decline', params: { change } });
  }
  return advice;
}
