import { join } from 'node:path';
import { z } from 'zod';
import { Instant } from '../../protocol/index.ts';
import { readCacheFile, writeCacheFile } from '../config/cache-file.ts';
import type { GateLogger } from '../service/gate-logger.ts';

const FILE = 'roster.json';

const CachedRoster = z.object({ etag: z.string().nullable(), savedAt: Instant, body: z.string() });
export type CachedRoster = z.infer<typeof CachedRoster>;

/**
 * The last roster the server sent through this gate, as sent. A kiosk whose browser lost its
 * storage while the network is down still gets a roster to screen against, from the gate.
 */
export class RosterCache {
  readonly #path: string;
  readonly #logger: GateLogger;

  constructor(dataDir: string, logger: GateLogger) {
    this.#path = join(dataDir, FILE);
    this.#logger = logger;
  }

  async save(body: string, etag: string | null, at: Date): Promise<void> {
    const cached: CachedRoster = { etag, savedAt: at.toISOString(), body };
    try {
      await writeCacheFile(this.#path, JSON.stringify(cached));
    } catch (error) {
      this.#logger.error(`cannot cache the roster: ${(error as Error).message}`);
    }
  }

  load(): Promise<CachedRoster | null> {
    return readCacheFile(this.#path, CachedRoster, 'roster', this.#logger);
  }
}
