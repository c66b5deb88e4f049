import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeAudit } from '../http/audit.ts';
import { deleteExpiredSessions } from '../accounts/sessions.ts';
import { isPostgresDatabase } from '../db/database-kind.ts';
import { dropExpiredEntryPartitions, ensureEntryPartitions } from './entry-partitions.ts';

export const DEFAULT_RETENTION_DAYS = 28;
export const RETENTION_SETTING = 'retention_days';
const DAY_MS = 24 * 60 * 60_000;
const MAX_DAYS = 3650;

export type RetentionDays = { ok: true; days: number } | { ok: false; reason: string };

export function parseRetentionDays(text: string, source: string): RetentionDays {
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    return {
      ok: false,
      reason: `${source}: retention days must be a whole number from 1 to ${MAX_DAYS}, got ${JSON.stringify(text)}`,
    };
  return { ok: true, days };
}

/** `CHECKPOINT_RETENTION_DAYS`, default 28. */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv): RetentionDays {
  const text = env.CHECKPOINT_RETENTION_DAYS;
  return text === undefined || text === ''
    ? { ok: true, days: DEFAULT_RETENTION_DAYS }
    : parseRetentionDays(text, 'CHECKPOINT_RETENTION_DAYS');
}

/**
 * The days to keep: a `settings` row (`retention_days`, set at run time) wins over the configured
 * default; a row that does not parse is reported, and the default is kept rather than guessing.
 */
export async function effectiveRetentionDays(
  db: Kysely<Database>,
  configured: number,
): Promise<RetentionDays & { source?: string }> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', RETENTION_SETTING).executeTakeFirst();
  if (!row) return { ok: true, days: configured, source: 'configured' };
  const parsed = parseRetentionDays(row.value, `settings.${RETENTION_SETTING}`);
  return parsed.ok ? { ...parsed, source: 'settings' } : parsed;
}

export interface PurgeResult {
  cutoff: string;
  days: number;
  deleted: number;
  /** PostgreSQL: the daily partitions dropped whole (their entries are counted in `deleted`). */
  partitionsDropped: string[];
  sessionsDeleted: number;
}

/**
 * On PostgreSQL first drops whole the daily partitions that are past (entry-partitions.ts): a
 * day of a city's passages goes at the cost of a DROP TABLE. Then deletes entries received before now − days, in bounded batches so a large first purge never
 * holds the write lock for long. Daily figures are untouched: ingest adds each entry to
 * `daily_figures` in the same transaction that stores it, so every entry purged here has already
 * been counted; its flag rows go with it (ON DELETE CASCADE). Fever cases under follow-up keep
 * their own copy (fever_events) and stay.
 */
export async function purgeExpiredEntries(
  db: Kysely<Database>,
  options: { now: Date; days: number; batchSize?: number },
): Promise<PurgeResult> {
  const cutoff = new Date(options.now.getTime() - options.days * DAY_MS).toISOString();
  const batchSize = options.batchSize ?? 2000;
  const partitions = isPostgresDatabase(db) ? await dropExpiredEntryPartitions(db, new Date(cutoff)) : { names: [], entries: 0 };
  let deleted = partitions.entries;
  for (;;) {
    const ids = (await db.selectFrom('entries').select('id').where('received_at', '<', cutoff).limit(batchSize).execute()).map(
      (row) => row.id,
    );
    if (ids.length === 0) break;
    const result = await db.deleteFrom('entries').where('id', 'in', ids).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (ids.length < batchSize) break;
  }
  const sessionsDeleted = await deleteExpiredSessions(db, options.now);
  await writeAudit(db, {
    at: options.now.toISOString(),
    userId: null,
    action: 'retention.purge',
    detail: {
      cutoff,
      days: options.days,
      deleted,
      ...(partitions.names.length > 0 ? { partitionsDropped: partitions.names } : {}),
    },
  });
  return { cutoff, days: options.days, deleted, partitionsDropped: partitions.names, sessionsDeleted };
}

export interface RetentionSchedule {
  /** The run in progress, if any (tests and shutdown wait for it). */
  idle: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Purges at start and then every `intervalMs` (default 6 h: entries leave within hours of their
 * last day). One run at a time; a failed run is reported and the next one tries again.
 */
export function scheduleRetention(options: {
  db: Kysely<Database>;
  configuredDays: number;
  now?: () => Date;
  intervalMs?: number;
  report: (outcome: { ok: true; result: PurgeResult } | { ok: false; reason: string }) => void;
}): RetentionSchedule {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const run = () => {
    if (busy) return;
    busy = true;
    running = (async () => {
      try {
        // Partitions for the coming days are made here too, so the upkeep needs no schedule of its own.
        if (isPostgresDatabase(options.db)) await ensureEntryPartitions(options.db, now());
        const days = await effectiveRetentionDays(options.db, options.configuredDays);
        if (!days.ok) return options.report({ ok: false, reason: days.reason });
        options.report({ ok: true, result: await purgeExpiredEntries(options.db, { now: now(), days: days.days }) });
      } catch (error) {
        options.report({ ok: false, reason: error instanceof Error ? error.message : String(error) });
      } finally {
        busy = false;
      }
    })();
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? 6 * 60 * 60_000);
  timer.unref();
  return {
    idle: () => running,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
