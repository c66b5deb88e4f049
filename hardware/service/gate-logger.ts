export interface GateLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: GateLogger = {
  info: (message) => console.log(`[gate] ${message}`),
  warn: (message) => console.warn(`[gate] ${message}`),
  error: (message) => console.error(`[gate] ${message}`),
};
