import type { Schemas } from '$lib/api/types';
export interface Figures { shipments: number; due: number; onTimeRate: number | null; inFullRate: number | null; otifRate: number | null; damageRate: number | null; avgTransitHours: number | null }
export interface ReviewMonth extends Figures { month: string; state: string; verdict: boolean; breached: boolean; breaches: string[]; creditAmount: number | null }
export interface ReviewContract {
  id: number; code: string; name: string | null; currency: string; monthlyFee: number | null;
  targets: { onTime: number | null; inFull: number | null; otif: number | null; maxDamageRate: number | null; maxAvgTransitHours: number | null };
  months: ReviewMonth[]; quarterTotal: Figures; previousQuarter: Figures; trend: Record<string, number | null>;
}
export interface ReviewPack {
  company: { id: number; code: string; name: string; roles: string[] };
  quarter: string; from: string; to: string; previousQuarter: string; version: 'manager' | 'client'; generatedAt: string;
  contracts: ReviewContract[];
  breaches: { contractCode: string; month: string; state: string; breaches: string[]; creditAmount: number | null; currency: string }[];
  creditTotal: number | null;
  satisfaction: { departments: { departmentId: number; name: string; weight: number; responses: number; score: number | null; previousScore: number | null; trend: number | null }[]; weightedScore: number | null; weightedPrevious: number | null; nps: number | null };
  volume: { month: string; shipments: number; revenue?: number }[];
  claims: Schemas['ReviewPack']['claims'];
  actions: { id: number; title: string; owner: string; dueAt: string | null; status: string; completedAt: string | null }[];
  internal: { revenue: number; cost: number; margin: number; churnRisk: { total: number; cascade: number } | null; interactions: Record<string, number> } | null;
}
