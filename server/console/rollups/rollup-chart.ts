import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { RollupChild } from '../../../protocol/rollups.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface RollupChartLabels {
  passagesIn: string;
  passagesOut: string;
  passages: string;
  fevers: string;
}

/**
 * Passages (in and out stacked, or the total when the split is unknown) and fevers per child over
 * the period, fevers on their own axis so a handful still shows beside thousands of passages.
 * Chart.js draws it on a canvas; the table beside it carries the same numbers for screen readers.
 */
export function drawRollupChart(canvas: HTMLCanvasElement, children: readonly RollupChild[], labels: RollupChartLabels): Chart {
  const split = children.every((c) => c.period.passagesIn !== null);
  const passages = split
    ? [
        { label: labels.passagesIn, data: children.map((c) => c.period.passagesIn ?? 0), backgroundColor: '#1b3a5c', stack: 'p' },
        {
          label: labels.passagesOut,
          data: children.map((c) => c.period.passagesOut ?? 0),
          backgroundColor: '#6f8fb0',
          stack: 'p',
        },
      ]
    : [{ label: labels.passages, data: children.map((c) => c.period.passages), backgroundColor: '#1b3a5c', stack: 'p' }];
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: children.map((c) => c.name),
      datasets: [
        ...passages.map((d) => ({ ...d, yAxisID: 'y' })),
        {
          label: labels.fevers,
          data: children.map((c) => c.period.fevers),
          backgroundColor: '#c40000',
          stack: 'f',
          yAxisID: 'y1',
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, ticks: { font: { size: 14 } } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 14 } } },
        y1: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          ticks: { precision: 0, color: '#c40000', font: { size: 14 } },
        },
      },
      plugins: { legend: { labels: { font: { size: 14 } } } },
    },
  });
}
