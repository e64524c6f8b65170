/**
 * The chart.js parts the portal uses, registered once (tree-shaken: no 'chart.js/auto').
 * A page needing another chart type or scale adds its controller/element here.
 */
import {
  Chart,
  LineController, BarController, DoughnutController, RadarController, ScatterController, BubbleController,
  LineElement, BarElement, PointElement, ArcElement,
  CategoryScale, LinearScale, RadialLinearScale,
  Legend, Tooltip, Filler, Title,
} from 'chart.js';

Chart.register(
  LineController, BarController, DoughnutController, RadarController, ScatterController, BubbleController,
  LineElement, BarElement, PointElement, ArcElement,
  CategoryScale, LinearScale, RadialLinearScale,
  Legend, Tooltip, Filler, Title,
);

Chart.defaults.font.family = getComputedStyleFont();
Chart.defaults.animation = { duration: 250 };
Chart.defaults.maintainAspectRatio = false;

function getComputedStyleFont(): string {
  return 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif';
}

export { Chart };
export const PALETTE = ['#1f5f8b', '#e07a1f', '#2e9e6a', '#c8423a', '#7a5cc4', '#8a8f98', '#d4b02a', '#3aa6c8'];
