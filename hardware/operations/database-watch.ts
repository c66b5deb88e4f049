import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseIdentity } from '../../protocol/server-identity.ts';
import type { GateLogger } from '../service/gate-logger.ts';
import type { Spool } from '../spool/spool.ts';

const FILE = 'server-database.json';
/**
 * Entries answered this long before the backup was taken are offered again too: the gate's clock
 * and the server's may differ by this much, and a duplicate costs only a "duplicate" answer.
 */
export const REOFFER_MARGIN_MS = 15 * 60_000;

/**
 * Remembers which database the community server answered from (in the gate's data folder, so a
 * restart remembers it too). When the server names another one — it was restored from a backup,
 * or started over — every entry it was answered for since the backup's time (everything, for a
 * database not restored from a backup) is made unsent again and goes to the server once more.
 */
export class DatabaseWatch {
  readonly #file: string;
  readonly #spool: Pick<Spool, 'reoffer'>;
  readonly #logger: GateLogger;
  readonly #onReoffer: (count: number) => void;
  #known: DatabaseIdentity | null;

  constructor(options: {
    dataDir: string;
    spool: Pick<Spool, 'reoffer'>;
    logger: GateLogger;
    onReoffer: (count: number) => void;
  }) {
    this.#file = join(options.dataDir, FILE);
    this.#spool = options.spool;
    this.#logger = options.logger;
    this.#onReoffer = options.onReoffer;
    this.#known = this.#read();
  }

  get known(): DatabaseIdentity | null {
    return this.#known;
  }

  /** The server named its database in an answer. */
  seen(identity: DatabaseIdentity): void {
    const known = this.#known;
    if (known?.id === identity.id) return;
    if (known !== null) {
      const since = identity.restoredFrom
        ? new Date(Date.parse(identity.restoredFrom.backupTakenAt) - REOFFER_MARGIN_MS)
        : new Date(0);
      const count = this.#spool.reoffer(since);
      this.#logger.warn(
        `the community server answers from another database (${identity.id}${identity.restoredFrom ? `, restored from a backup of ${identity.restoredFrom.backupTakenAt}` : ', not a restore'}): offering ${count} entries again`,
      );
      this.#onReoffer(count);
    }
    this.#write(identity);
    this.#known = identity;
  }

  #read(): DatabaseIdentity | null {
    try {
      const parsed = DatabaseIdentity.safeParse(JSON.parse(readFileSync(this.#file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  #write(identity: DatabaseIdentity): void {
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}
