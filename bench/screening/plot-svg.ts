import type { BandResult, RuleMetrics } from './evaluate.ts';

/**
 * Three small panels (sensitivity, false alarms, axillary checks per 100) by ambient band, fixed
 * rule against Checkpoint's, with the target drawn as a dashed line. Plain SVG: no browser needed.
 */
interface Panel {
  title: string;
  max: number;
  target: number;
  value: (m: RuleMetrics) => number;
  unit: string;
}

const PANELS: Panel[] = [
  { title: 'Sensitivity (target ≥ 95 %)', max: 100, target: 95, value: (m) => 100 * m.sensitivity, unit: '%' },
  { title: 'False alarms (target ≤ 5 %)', max: 20, target: 5, value: (m) => 100 * m.falseAlarmRate, unit: '%' },
  { title: 'Axillary checks per 100 people (target ≤ 5)', max: 40, target: 5, value: (m) => m.axillaryPer100, unit: '' },
];

const COLOURS = { fixed: '#9a9a9a', checkpoint: '#1f6fb2' } as const;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function screeningSvg(results: readonly BandResult[], caption: string): string {
  const width = 760;
  const panelHeight = 170;
  const left = 56;
  const plotWidth = width - left - 20;
  const top = 48;
  const slot = plotWidth / results.length;
  const barWidth = slot * 0.32;
  const parts: string[] = [];
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">Fever screening by ambient temperature (°C)</text>`);
  parts.push(
    `<rect x="${left}" y="30" width="10" height="10" fill="${COLOURS.fixed}"/><text x="${left + 14}" y="39" font-size="11">fixed 37.3 °C on the forehead</text>`,
    `<rect x="${left + 200}" y="30" width="10" height="10" fill="${COLOURS.checkpoint}"/><text x="${left + 214}" y="39" font-size="11">Checkpoint's rule</text>`,
  );
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
    parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${yOf(panel.target)}" y2="${yOf(panel.target)}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
    results.forEach((band, i) => {
      const x = left + i * slot + slot / 2;
      (['fixed', 'checkpoint'] as const).forEach((rule, r) => {
        const v = panel.value(band[rule]);
        const bx = x + (r === 0 ? -barWidth - 1 : 1);
        const clipped = v > panel.max ? '+' : '';
        parts.push(
          `<rect class="bar" x="${bx.toFixed(1)}" y="${yOf(v).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(yOf(0) - yOf(v)).toFixed(1)}" fill="${COLOURS[rule]}"/>`,
          `<text x="${(bx + barWidth / 2).toFixed(1)}" y="${(yOf(v) - 3).toFixed(1)}" font-size="9" text-anchor="middle">${v.toFixed(0)}${clipped}</text>`,
        );
      });
      parts.push(`<text x="${x}" y="${yOf(0) + 13}" font-size="10" text-anchor="middle">${band.bandC.min}–${band.bandC.max}</text>`);
    });
  });
  const height = top + PANELS.length * (panelHeight + 24) + 10;
  parts.push(`<text x="${left}" y="${height - 6}" font-size="10" fill="#555">${escapeXml(caption)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 8}" viewBox="0 0 ${width} ${height + 8}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}
