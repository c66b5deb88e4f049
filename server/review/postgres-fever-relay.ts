import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { publishFeverEntries, type FeverRelay, type LiveEvents } from './live-events.ts';

/** The PostgreSQL channel every server process on one database listens on. */
export const FEVER_CHANNEL = 'checkpoint_fevers';
/** A NOTIFY payload must stay under 8,000 bytes: 150 UUIDs as JSON are about 5.9 kB. */
const IDS_PER_NOTICE = 150;
/** Waits before listening again after the connection is lost (the last one repeats). */
const RECONNECT_MS = [500, 1000, 2000, 5000, 10_000, 30_000];

const Notice = z.array(z.string().max(64)).max(IDS_PER_NOTICE);

/**
 * Live fevers across server processes on one PostgreSQL (LISTEN/NOTIFY). The process that stores
 * a fever only announces its id; every process, itself included, hears it on its own listening
 * connection and reads the entry from the database for its consoles, so an alert is the same
 * whichever process a browser reached. Sent after the ingest commits: nothing is announced that
 * is not stored. While the listening connection is down (a database restart), alerts are missed
 * by this process's consoles, not delayed; the entry log still holds every fever.
 */
export class PostgresFeverRelay implements FeverRelay {
  readonly #db: Kysely<Database>;
  readonly #url: string;
  readonly #report: (message: string) => void;
  #client: pg.Client | null = null;
  #live: LiveEvents | null = null;
  #failures = 0;
  #retry: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: { db: Kysely<Database>; url: string; report: (message: string) => void }) {
    this.#db = options.db;
    this.#url = options.url;
    this.#report = options.report;
  }

  async announce(entryIds: readonly string[]): Promise<void> {
    for (let start = 0; start < entryIds.length; start += IDS_PER_NOTICE) {
      const payload = JSON.stringify(entryIds.slice(start, start + IDS_PER_NOTICE));
      await sql`select pg_notify(${FEVER_CHANNEL}, ${payload})`.execute(this.#db);
    }
  }

  /** Starts listening for `live`; answers whether the first LISTEN took (if not, it keeps trying). */
  async listen(live: LiveEvents): Promise<boolean> {
    this.#live = live;
    return this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost || this.#closed) return;
      lost = true;
      if (this.#client === client) this.#client = null;
      client.end().catch(() => undefined);
      this.#report(`live fever listener lost its connection (${reason}); listening again shortly`);
      this.#scheduleReconnect();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === FEVER_CHANNEL) this.#deliver(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${FEVER_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error.message : String(error));
      return false;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return false;
    }
    this.#client = client;
    this.#failures = 0;
    return true;
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry) return;
    const wait = RECONNECT_MS[Math.min(this.#failures, RECONNECT_MS.length - 1)]!;
    this.#failures += 1;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#connect();
    }, wait);
    this.#retry.unref();
  }

  #deliver(payload: string | undefined): void {
    const live = this.#live;
    if (!live) return;
    let ids: string[];
    try {
      ids = Notice.parse(JSON.parse(payload ?? ''));
    } catch {
      this.#report(`live fever notice not understood: ${JSON.stringify(payload)?.slice(0, 200)}`);
      return;
    }
    publishFeverEntries(this.#db, live, ids).catch((error: unknown) =>
      this.#report(`live fevers could not be read: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
