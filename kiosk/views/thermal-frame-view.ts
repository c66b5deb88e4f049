import { svg, type TemplateResult } from 'lit';
import type { ThermalFrame } from '../../protocol/index.ts';
import { format, type Messages } from '../messages.ts';

/** Cold to hot: dark blue, purple, red, orange, pale yellow (an "iron" palette, readable in sun). */
const PALETTE: readonly [number, number, number][] = [
  [20, 20, 60],
  [110, 30, 130],
  [200, 40, 60],
  [240, 140, 30],
  [255, 240, 170],
];

function colour(fraction: number): string {
  const scaled = Math.min(Math.max(fraction, 0), 1) * (PALETTE.length - 1);
  const low = Math.floor(scaled);
  const high = Math.min(low + 1, PALETTE.length - 1);
  const mix = scaled - low;
  const [r, g, b] = PALETTE[low]!.map((c, i) => Math.round(c + (PALETTE[high]![i]! - c) * mix));
  return `rgb(${r} ${g} ${b})`;
}

/**
 * The thermal array's small frame beside the reading, so the guard sees that it read a face (and
 * which one) rather than a cup or the wall: each pixel coloured from the frame's coldest to its
 * hottest, the hottest face point circled. The frame is shown, never recorded.
 */
export function renderThermalFrame(t: Messages, frame: ThermalFrame): TemplateResult {
  const min = Math.min(...frame.pixelsC);
  const max = Math.max(...frame.pixelsC);
  const span = Math.max(max - min, 0.1);
  const hottest = frame.pixelsC[frame.hottest.y * frame.width + frame.hottest.x]!;
  const label = format(t.thermalFrame, { v: hottest.toFixed(1) });
  return svg`<svg
    class="thermal-frame"
    data-test="thermal-frame"
    viewBox="0 0 ${frame.width} ${frame.height}"
    role="img"
    aria-label=${label}
  >
    <title>${label}</title>
    ${frame.pixelsC.map(
      (celsius, i) =>
        svg`<rect x=${i % frame.width} y=${Math.floor(i / frame.width)} width="1.02" height="1.02" fill=${colour((celsius - min) / span)}></rect>`,
    )}
    <circle cx=${frame.hottest.x + 0.5} cy=${frame.hottest.y + 0.5} r="1.1" fill="none" stroke="#00e0ff" stroke-width="0.3"></circle>
  </svg>`;
}
