import type { EntryRecord, MeasuringSite } from '../../protocol/index.ts';
import { SCREENING_MODEL } from '../../protocol/fever-goal.ts';
import { makeEntryRecord } from './entry-record.ts';

/**
 * A gate's armpit checks as the kiosk logs them: people whose infrared reading sent them to the
 * armpit, from a thermometer reading `offsetC` above a calibrated one at `site`, taken under the
 * calibration of `calibratedAt` (undefined: from before readings recorded one). Deterministic: the
 * armpit readings and the residuals cycle round the healthy median.
 */
export function armpitCheckEntries(
  device: { deviceId: string; gateId: string },
  options: { count: number; offsetC: number; firstAtMs: number; calibratedAt?: string | null; site?: MeasuringSite },
): EntryRecord[] {
  const site = options.site ?? 'face-max';
  const gain = SCREENING_MODEL.sites[site].gain;
  return Array.from({ length: options.count }, (_, i) => {
    const atMs = options.firstAtMs + i * 10 * 60_000;
    const armpitC = Math.round((36.6 + ((i % 7) - 3) * 0.1) * 10) / 10;
    const residualC = ((i % 5) - 2) * 0.1;
    const infraredC =
      SCREENING_MODEL.healthyBodyC + options.offsetC + gain * (armpitC - SCREENING_MODEL.healthyBodyC) + residualC;
    const at = (minutes: number) => new Date(atMs + minutes * 60_000).toISOString();
    return makeEntryRecord(device, {
      occurredAt: at(2),
      readings: [
        {
          valueC: Math.round(infraredC * 10) / 10,
          source: 'infrared',
          at: at(0),
          ambientC: 22,
          ...(site === 'forehead' ? {} : { site }),
          ...(options.calibratedAt === undefined ? {} : { calibratedAt: options.calibratedAt }),
        },
        { valueC: armpitC, source: 'axillary', at: at(2), ambientC: null },
      ],
      ambientC: 22,
      flagAtC: null,
    });
  });
}
