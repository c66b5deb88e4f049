/**
 * Errors that mean the server's disk (or its PostgreSQL tablespace) is full: SQLite's SQLITE_FULL,
 * PostgreSQL's disk_full (53100), a file write's ENOSPC. The transaction was rolled back, so
 * nothing of the request is stored; the same request works once an operator frees space.
 */
export function isDiskFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC';
}

/** How long a gate is asked to wait before trying again: an operator has to act first. */
export const DISK_FULL_RETRY_AFTER_S = 60;
