import { svg } from 'lit';
import QRCode from 'qrcode';

/** A QR code as one SVG path (`M x y h1 v1 h-1 z` per dark module) plus its size in modules. */
export function qrPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (modules.get(x, y)) parts.push(`M${x} ${y}h1v1h-1z`);
    }
  }
  return { size: modules.size, path: parts.join('') };
}

/** The code as an SVG the browser scales crisply, with the 4-module quiet zone scanners expect. */
export function qrSvg(text: string, pixels: number) {
  const { size, path } = qrPath(text);
  return svg`<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 ${size + 8} ${size + 8}" width=${pixels} height=${pixels} shape-rendering="crispEdges" role="img" aria-label=${text}><rect x="-4" y="-4" width=${size + 8} height=${size + 8} fill="#fff"/><path d=${path} fill="#000"/></svg>`;
}
