import type { RuleMetrics } from './evaluate.ts';

/**
 * Four small panels (fevers ≥ 38 °C found, all fevers found, false alarms, axillary checks per
 * 100) by ambient band, one bar per rule, with the target drawn as a dashed line. Plain SVG: no
 * browser needed.
 */
interface Panel {
  title: string;
  max: number;
  target: number;
  value: (m: RuleMetrics) => number;
  unit: string;
}

const PANELS: Panel[] = [
  {
    title: 'Fevers of 38 °C or more found (target ≥ 95 %)',
    max: 100,
    target: 95,
    value: (m) => 100 * m.sensitivityHigh,
    unit: '%',
  },
  {
    title: 'All fevers found, low-grade 37.3–38 °C included (target ≥ 95 %)',
    max: 100,
    target: 95,
    value: (m) => 100 * m.sensitivity,
    unit: '%',
  },
  { title: 'False alarms (target ≤ 5 %)', max: 20, target: 5, value: (m) => 100 * m.falseAlarmRate, unit: '%' },
  { title: 'Armpit (axillary) checks per 100 people (target ≤ 5)', max: 40, target: 5, value: (m) => m.axillaryPer100, unit: '' },
];

const COLOURS = ['#9a9a9a', '#1f6fb2', '#e08a1e'] as const;

/** One rule's figures per band, drawn as one bar per band and panel. */
export interface PlotSeries {
  label: string;
  bands: readonly RuleMetrics[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function screeningSvg(
  bandsC: readonly { min: number; max: number }[],
  series: readonly PlotSeries[],
  caption: string,
): string {
  if (series.length > COLOURS.length) throw new Error(`at most ${COLOURS.length} series, got ${series.length}`);
  const width = 760;
  const panelHeight = 170;
  const left = 56;
  const plotWidth = width - left - 20;
  const top = 48;
  const slot = plotWidth / bandsC.length;
  const barWidth = (slot * 0.8) / series.length;
  const parts: string[] = [];
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">Fever screening by ambient temperature (°C)</text>`);
  series.forEach((s, i) => {
    const x = left + i * 230;
    parts.push(
      `<rect x="${x}" y="30" width="10" height="10" fill="${COLOURS[i]}"/><text x="${x + 14}" y="39" font-size="11">${escapeXml(s.label)}</text>`,
    );
  });
  PANELS.forEach((panel, p) => {
    const y0 = top + p * (panelHeight + 24);
    const plotHeight = panelHeight - 40;
    const yOf = (v: number): number => y0 + 20 + plotHeight * (1 - Math.min(v, panel.max) / panel.max);
    parts.push(`<text x="${left}" y="${y0 + 12}" font-size="12" font-weight="bold">${escapeXml(panel.title)}</text>`);
    for (const tick of [0, panel.max / 2, panel.max]) {
      parts.push(
        `<line x1="${left}" x2="${left + plotWidth}" y1="${yOf(tick)}" y2="${yOf(tick)}" stroke="#e4e4e4"/>`,
        `<text x="${left - 6}" y="${yOf(tick) + 4}" font-size="10" text-anchor="end">${tick}${panel.unit}</text>`,
      );
    }
    parts.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${yOf(panel.target)}" y2="${yOf(panel.target)}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
    );
    bandsC.forEach((band, b) => {
      const x0 = left + b * slot + slot * 0.1;
      series.forEach((s, i) => {
        const m = s.bands[b];
        if (!m) return;
        const v = panel.value(m);
        const bx = x0 + i * barWidth;
        const clipped = v > panel.max ? '+' : '';
        parts.push(
          `<rect class="bar" x="${bx.toFixed(1)}" y="${yOf(v).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(yOf(0) - yOf(v)).toFixed(1)}" fill="${COLOURS[i]}"/>`,
          `<text x="${(bx + barWidth / 2).toFixed(1)}" y="${(yOf(v) - 3).toFixed(1)}" font-size="9" text-anchor="middle">${v.toFixed(0)}${clipped}</text>`,
        );
      });
      parts.push(
        `<text x="${left + b * slot + slot / 2}" y="${yOf(0) + 13}" font-size="10" text-anchor="middle">${band.min}–${band.max}</text>`,
      );
    });
  });
  const height = top + PANELS.length * (panelHeight + 24) + 10;
  parts.push(`<text x="${left}" y="${height - 6}" font-size="10" fill="#555">${escapeXml(caption)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 8}" viewBox="0 0 ${width} ${height + 8}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}
