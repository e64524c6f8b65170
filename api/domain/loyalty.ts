/**
 * Loyalty index settings (setting 'value.loyalty'): the weight of each component, and the value at
 * which a component scores full marks (years of relationship, service lines used).
 */
export interface LoyaltySettings {
  weights: Record<LoyaltyComponentKey, number>;
  fullDurationYears: number;
  fullServiceLines: number;
}

export const DEFAULT_LOYALTY_SETTINGS: LoyaltySettings = {
  weights: { duration: 1, frequency: 1, frequencyTrend: 1, shareOfWallet: 1, serviceLines: 1, satisfaction: 1 },
  fullDurationYears: 5,
  fullServiceLines: 3,
};

export type LoyaltyComponentKey = 'duration' | 'frequency' | 'frequencyTrend' | 'shareOfWallet' | 'serviceLines' | 'satisfaction';

export interface LoyaltyInput {
  /** years since the relationship began; null for a prospect */
  durationYears: number | null;
  /** months of the last 12 with at least one shipment */
  activeMonths: number;
  /** fractional change of the last 90 days' shipments against the 90 before; null without earlier volume */
  volumeChange: number | null;
  shipments12m: number;
  estAnnualShipments: number | null;
  serviceLines: number;
  /** weighted department satisfaction, 1–5; null without answers */
  satisfaction: number | null;
}

export interface LoyaltyComponent {
  key: LoyaltyComponentKey;
  /** the measured value in its own unit (years, months, fraction, count, 1–5 score) */
  value: number | null;
  /** the value mapped to 0..1; null when it cannot be measured (then it is left out of the index) */
  score: number | null;
  weight: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Loyalty index 0..100: the weighted mean of the components that can be measured, each scored 0..1:
 * duration (years / fullDurationYears), frequency (active months / 12), frequency trend (0.5 + change / 2:
 * halving → 0.25, steady → 0.5, doubling → 1), share of wallet (12-month shipments / estimated annual
 * shipments), service lines (count / fullServiceLines), satisfaction ((score − 1) / 4).
 */
export function loyaltyIndex(input: LoyaltyInput, s: LoyaltySettings): { index: number | null; components: LoyaltyComponent[] } {
  const shareOfWallet = input.estAnnualShipments && input.estAnnualShipments > 0 ? input.shipments12m / input.estAnnualShipments : null;
  const parts: [LoyaltyComponentKey, number | null, number | null][] = [
    ['duration', input.durationYears, input.durationYears === null ? null : clamp01(input.durationYears / s.fullDurationYears)],
    ['frequency', input.activeMonths, clamp01(input.activeMonths / 12)],
    ['frequencyTrend', input.volumeChange, input.volumeChange === null ? null : clamp01(0.5 + input.volumeChange / 2)],
    ['shareOfWallet', shareOfWallet, shareOfWallet === null ? null : clamp01(shareOfWallet)],
    ['serviceLines', input.serviceLines, clamp01(input.serviceLines / s.fullServiceLines)],
    ['satisfaction', input.satisfaction, input.satisfaction === null ? null : clamp01((input.satisfaction - 1) / 4)],
  ];
  const components = parts.map(([key, value, score]) => ({ key, value, score, weight: s.weights[key] ?? 0 }));
  const counted = components.filter((c) => c.score !== null && c.weight > 0);
  const weightSum = counted.reduce((sum, c) => sum + c.weight, 0);
  const index = weightSum > 0 ? (counted.reduce((sum, c) => sum + c.weight * c.score!, 0) / weightSum) * 100 : null;
  return { index, components };
}
