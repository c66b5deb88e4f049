import { pino } from 'pino';

export interface GateLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A GateLogger writing pino's JSON lines (`"part":"gate"`) to `destination`, stdout by default. */
export function jsonGateLogger(destination = pino.destination({ dest: 1, sync: true })): GateLogger {
  const log = pino({ base: { part: 'gate', pid: process.pid } }, destination);
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message) => log.error(message),
  };
}

/**
 * The gate service's log: one JSON object a line, as the community server writes, so one
 * collector reads both (docs/operations.md, "Logs"). Messages name devices, ports and counts,
 * never a person, an ID number or the device token.
 */
export const consoleLogger: GateLogger = jsonGateLogger();
