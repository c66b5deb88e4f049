/** Pages take their arguments from the hash (`#/timeline?person=p1`), so a link or a reload reopens the same view. */
export function hashParams(hash: string = location.hash): URLSearchParams {
  const query = hash.indexOf('?');
  return new URLSearchParams(query < 0 ? '' : hash.slice(query + 1));
}

export function pageLink(page: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}
