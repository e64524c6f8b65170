/** Colour of a churn probability (0..1): green at 0, amber at 0.5, red at 1. */
const STOPS: Array<[number, [number, number, number]]> = [
  [0, [46, 160, 67]],
  [0.5, [230, 160, 20]],
  [1, [207, 34, 46]],
];

export function riskColour(risk: number): string {
  const p = Number.isFinite(risk) ? Math.min(1, Math.max(0, risk)) : 0;
  for (let i = 1; i < STOPS.length; i++) {
    const [hi, to] = STOPS[i];
    const [lo, from] = STOPS[i - 1];
    if (p <= hi) {
      const f = (p - lo) / (hi - lo);
      const mix = from.map((c, k) => Math.round(c + (to[k] - c) * f));
      return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
    }
  }
  return 'rgb(207, 34, 46)';
}

/** Low / medium / high band of a churn probability, for labels and legends. */
export function riskBand(risk: number): 'low' | 'medium' | 'high' {
  if (risk >= 0.5) return 'high';
  if (risk >= 0.2) return 'medium';
  return 'low';
}
