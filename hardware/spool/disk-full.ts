/**
 * A write refused because the gate's data folder has no space left: SQLite's SQLITE_FULL, a file
 * write's ENOSPC. The spool's transaction was rolled back, so nothing of it was kept.
 */
export function isDiskFull(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
