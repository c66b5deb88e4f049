import { LOCK_WAIT_MS } from './open-database.ts';

/**
 * Errors that mean "another writer holds the lock; the same request will work later": SQLite's
 * busy timeout running out while another connection holds the write lock, PostgreSQL's
 * lock_timeout, a deadlock or a serialization failure. The transaction was rolled back, so the
 * caller can retry the request as it was.
 */
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)(_|$)/;
const POSTGRES_RETRYABLE = new Set(['55P03', '40P01', '40001']);

export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return SQLITE_BUSY.test(code) || POSTGRES_RETRYABLE.has(code);
}

/** How long a caller is asked to wait before retrying: one lock wait. */
export const BUSY_RETRY_AFTER_S = Math.ceil(LOCK_WAIT_MS / 1000);
