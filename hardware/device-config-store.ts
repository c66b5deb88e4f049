import { join } from 'node:path';
import { DeviceConfig } from '../protocol/roster.ts';
import { readCacheFile, writeCacheFile } from './config/cache-file.ts';
import type { GateLogger } from './service/gate-logger.ts';
import { callServer, type UplinkOptions } from './spool/uplink.ts';

export interface DeviceConfigStoreOptions {
  dataDir: string;
  fetchConfig: () => Promise<{ ok: true; config: DeviceConfig } | { ok: false; reason: string }>;
  logger: GateLogger;
  retry?: { initialMs: number; maxMs: number };
}

const FILE = 'device-config.json';

/**
 * The pass key and ID-hash key from the server, cached on disk so that after a restart with the
 * network down scans still verify offline. Fetched at start and retried until it succeeds.
 */
export class DeviceConfigStore {
  private readonly options: DeviceConfigStoreOptions;
  private config: DeviceConfig | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private settled: Promise<void> | null = null;
  private resolveSettled: (() => void) | null = null;

  constructor(options: DeviceConfigStoreOptions) {
    this.options = options;
  }

  get current(): DeviceConfig | null {
    return this.config;
  }

  /** Loads the cache, then fetches in the background; `fetched` resolves on the first success. */
  async start(): Promise<void> {
    this.config = await this.readCache();
    this.settled = new Promise((resolve) => (this.resolveSettled = resolve));
    void this.attempt(1);
  }

  fetched(): Promise<void> {
    return this.settled ?? Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async attempt(n: number): Promise<void> {
    if (this.stopped) return;
    const result = await this.options.fetchConfig();
    if (this.stopped) return;
    if (result.ok) {
      this.config = result.config;
      await this.writeCache(result.config);
      this.options.logger.info(`device configuration received for ${result.config.deviceId}`);
      this.resolveSettled?.();
      return;
    }
    const { initialMs, maxMs } = this.options.retry ?? { initialMs: 1000, maxMs: 60_000 };
    const delay = Math.min(initialMs * 2 ** (n - 1), maxMs);
    const fallback = this.config ? 'using the cached copy' : 'passes and ID numbers cannot be checked until it arrives';
    this.options.logger.warn(`device configuration not fetched (${result.reason}); ${fallback}; retrying in ${delay} ms`);
    this.timer = setTimeout(() => void this.attempt(n + 1), delay);
  }

  private readCache(): Promise<DeviceConfig | null> {
    return readCacheFile(join(this.options.dataDir, FILE), DeviceConfig, 'device configuration', this.options.logger);
  }

  private async writeCache(config: DeviceConfig): Promise<void> {
    try {
      // It holds the ID-hash key.
      await writeCacheFile(join(this.options.dataDir, FILE), JSON.stringify(config));
    } catch (error) {
      this.options.logger.error(`cannot cache the device configuration: ${(error as Error).message}`);
    }
  }
}

/** GET /api/v1/device/config through the uplink, checked against the protocol. */
export async function fetchDeviceConfig(uplink: UplinkOptions): ReturnType<DeviceConfigStoreOptions['fetchConfig']> {
  const answer = await callServer(uplink, { method: 'GET', path: '/api/v1/device/config' });
  if (!answer.ok) return { ok: false, reason: answer.message };
  if (answer.status !== 200) return { ok: false, reason: `server answered ${answer.status}: ${answer.body.slice(0, 200)}` };
  try {
    const parsed = DeviceConfig.safeParse(JSON.parse(answer.body));
    if (parsed.success) return { ok: true, config: parsed.data };
    return { ok: false, reason: `server sent an invalid device configuration: ${parsed.error.message.slice(0, 200)}` };
  } catch {
    return { ok: false, reason: 'server sent a device configuration that is not JSON' };
  }
}
