/** chart.js option pieces shared by the manager pages. */
import type { ChartOptions } from 'chart.js';
import { fmtPercent } from '$lib/i18n';

/** A y axis of ratios shown as percentages. */
export function percentAxis(min?: number, max = 1): ChartOptions<'line'>['scales'] {
  return {
    y: { min, max, ticks: { callback: (v) => fmtPercent(Number(v), 0) } },
  };
}

export function percentTooltip() {
  return {
    callbacks: {
      label: (ctx: { dataset: { label?: string }; parsed: { y: number | null } }) =>
        `${ctx.dataset.label ?? ''}: ${ctx.parsed.y == null ? '—' : fmtPercent(ctx.parsed.y)}`,
    },
  };
}
