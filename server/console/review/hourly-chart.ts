import { svg, type TemplateResult } from 'lit';
import type { HourFigureRow } from '../../../protocol/review-queries.ts';

export interface HourBar {
  hour: number;
  entries: number;
  fevers: number;
}

/** Sums the rows per hour of day (all days and gates shown), one bar per hour 0–23. */
export function hourlyTotals(rows: readonly Pick<HourFigureRow, 'hour' | 'entries' | 'fevers'>[]): HourBar[] {
  const bars = Array.from({ length: 24 }, (_, hour) => ({ hour, entries: 0, fevers: 0 }));
  for (const row of rows) {
    const bar = bars[row.hour];
    if (!bar) continue;
    bar.entries += row.entries;
    bar.fevers += row.fevers;
  }
  return bars;
}

/** A round axis top (1, 2, 5 × 10ⁿ) at or above the largest value, so tick labels are readable. */
export function axisTop(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

const WIDTH = 960;
const HEIGHT = 260;
const LEFT = 48;
const BOTTOM = 28;
const TOP = 12;

/**
 * Plain SVG bars, no chart library: 24 bars and an axis are a few dozen elements, so an old
 * office PC draws them at once and the console bundle stays small. Fevers are a red cap on each bar.
 */
export function hourlyChart(
  bars: readonly HourBar[],
  labels: { title: string; entries: string; fevers: string },
): TemplateResult {
  const top = axisTop(Math.max(0, ...bars.map((b) => b.entries)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / 24;
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const ticks = [0, top / 2, top];
  return svg`
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${labels.title} style="width:100%;max-width:${WIDTH}px;background:#fff;border:1px solid #c8d1db">
      ${ticks.map((t) => svg`<line x1=${LEFT} x2=${WIDTH} y1=${y(t)} y2=${y(t)} stroke="#c8d1db" /><text x=${LEFT - 6} y=${y(t) + 5} text-anchor="end" font-size="14" fill="#333">${t}</text>`)}
      ${bars.map((bar) => {
        const x = LEFT + bar.hour * slot + slot * 0.15;
        const w = slot * 0.7;
        return svg`
          <g>
            <title>${bar.hour}:00 · ${labels.entries} ${bar.entries} · ${labels.fevers} ${bar.fevers}</title>
            <rect x=${x} y=${y(bar.entries)} width=${w} height=${y(0) - y(bar.entries)} fill="#1b3a5c" />
            ${bar.fevers > 0 ? svg`<rect x=${x} y=${y(bar.fevers)} width=${w} height=${y(0) - y(bar.fevers)} fill="#c40000" />` : null}
            ${bar.hour % 2 === 0 ? svg`<text x=${x + w / 2} y=${HEIGHT - 8} text-anchor="middle" font-size="14" fill="#333">${bar.hour}</text>` : null}
          </g>`;
      })}
    </svg>
  `;
}
