import type { ThermalFrame } from '../../../protocol/hardware-events.ts';
import { FRAME_COLUMNS, FRAME_ROWS, type ThermalImage } from './gy-mcu90640-frame.ts';

export interface FaceFinderOptions {
  /** Skin as a thermal array sees it, cold outdoors to feverish; both ends inclusive. */
  skinRangeC: { min: number; max: number };
  /**
   * Fewest skin pixels that make a face. With the common 55°×35° lens a face fills ~85 pixels at
   * 0.6 m and ~20 at 1.2 m; farther away its hottest point shares a pixel with cooler skin and hair.
   */
  minFacePixels: number;
  /** Fewest skin pixels worth telling the guard about ("step closer"): fewer is a hand, a cup. */
  minBlobPixels: number;
}

export const DEFAULT_FACE_FINDER: FaceFinderOptions = {
  skinRangeC: { min: 30, max: 43 },
  minFacePixels: 20,
  minBlobPixels: 6,
};

export type FaceScene =
  | { kind: 'empty' }
  | { kind: 'face'; maxC: number; x: number; y: number; pixels: number }
  | { kind: 'too-far'; pixels: number }
  | { kind: 'several'; count: number };

/**
 * What stands in front of the array: the skin-warm pixels grouped into regions (4-neighbours);
 * one region large enough is a face, whose hottest pixel is the reading. A hot cup (above skin)
 * is not skin; a small warm region is someone too far away or a hand; two faces are two people.
 */
export function findFaces(image: ThermalImage, options: FaceFinderOptions = DEFAULT_FACE_FINDER): FaceScene {
  const { min, max } = options.skinRangeC;
  const label = new Int32Array(image.pixelsC.length).fill(-1);
  const regions: { pixels: number; maxC: number; at: number }[] = [];
  const stack: number[] = [];
  image.pixelsC.forEach((celsius, start) => {
    if (label[start] !== -1 || celsius < min || celsius > max) return;
    const region = { pixels: 0, maxC: -Infinity, at: start };
    label[start] = regions.length;
    stack.push(start);
    while (stack.length) {
      const at = stack.pop()!;
      const value = image.pixelsC[at]!;
      region.pixels += 1;
      if (value > region.maxC) Object.assign(region, { maxC: value, at });
      const x = at % FRAME_COLUMNS;
      for (const next of [x > 0 ? at - 1 : -1, x < FRAME_COLUMNS - 1 ? at + 1 : -1, at - FRAME_COLUMNS, at + FRAME_COLUMNS]) {
        if (next < 0 || next >= image.pixelsC.length || label[next] !== -1) continue;
        const v = image.pixelsC[next]!;
        if (v < min || v > max) continue;
        label[next] = regions.length;
        stack.push(next);
      }
    }
    regions.push(region);
  });
  const faces = regions.filter((r) => r.pixels >= options.minFacePixels);
  if (faces.length > 1) return { kind: 'several', count: faces.length };
  const [face] = faces;
  if (face)
    return {
      kind: 'face',
      maxC: face.maxC,
      x: face.at % FRAME_COLUMNS,
      y: Math.floor(face.at / FRAME_COLUMNS),
      pixels: face.pixels,
    };
  const blob = regions.filter((r) => r.pixels >= options.minBlobPixels).sort((a, b) => b.pixels - a.pixels)[0];
  return blob ? { kind: 'too-far', pixels: blob.pixels } : { kind: 'empty' };
}

/** The frame for the kiosk: each 2×2 block by its hottest pixel (so the face's hottest point survives), to 0.1 °C. */
export function smallFrame(image: ThermalImage, hottest: { x: number; y: number }): ThermalFrame {
  const width = FRAME_COLUMNS / 2;
  const height = FRAME_ROWS / 2;
  const pixelsC: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = 2 * y * FRAME_COLUMNS + 2 * x;
      const block = [at, at + 1, at + FRAME_COLUMNS, at + FRAME_COLUMNS + 1].map((i) => image.pixelsC[i]!);
      pixelsC.push(Math.round(Math.max(...block) * 10) / 10);
    }
  return { width, height, pixelsC, hottest: { x: Math.floor(hottest.x / 2), y: Math.floor(hottest.y / 2) } };
}
