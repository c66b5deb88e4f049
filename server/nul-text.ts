/**
 * PostgreSQL's text cannot hold U+0000 (it fails the whole statement, so one such record would
 * fail its batch on every retry and stall the outbox behind it), and no name, reason or scan
 * needs it. Answers the path of the first string holding one, for the record's refusal.
 */
export function nulTextPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'record' : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulTextPath(item, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}
