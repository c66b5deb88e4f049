import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DeviceReport, GateReport, ScreenReport } from '../../protocol/fleet.ts';

/** The release this gate runs, from the project's package.json (found upward: sources or dist/node). */
function softwareVersion(): string {
  for (let dir = import.meta.dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (name === 'checkpoint' && version) return version;
    }
  }
  return 'unknown';
}

export const GATE_SOFTWARE = softwareVersion();

/** The gate's report to the server's fleet page, as of `now`. */
export function gateReport(input: {
  now: Date;
  spool: GateReport['spool'];
  devices: DeviceReport[];
  screens: ScreenReport[];
  lastError: string | null;
}): GateReport {
  return {
    sentAt: input.now.toISOString(),
    software: GATE_SOFTWARE,
    spool: input.spool,
    devices: input.devices,
    screens: input.screens.slice(0, 50),
    lastError: input.lastError?.slice(0, 300) ?? null,
  };
}
