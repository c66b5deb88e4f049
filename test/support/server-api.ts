import type { EntryView } from '../../protocol/index.ts';
import type { DemoAccount } from './parts.ts';

/** Signs in to the review API as a demo account and answers the session cookie. */
export async function signInApi(serverUrl: string, account: DemoAccount): Promise<string> {
  const response = await fetch(`${serverUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${account.username} failed: ${response.status}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** Every entry the server holds, newest first, through the same API the console uses. */
export async function allEntries(serverUrl: string, cookie: string): Promise<EntryView[]> {
  const entries: EntryView[] = [];
  let before: string | undefined;
  for (;;) {
    const url = new URL('/api/v1/entries', serverUrl);
    url.searchParams.set('limit', '200');
    if (before) url.searchParams.set('before', before);
    const response = await fetch(url, { headers: { cookie } });
    if (!response.ok) throw new Error(`entries: ${response.status} ${await response.text()}`);
    const page = ((await response.json()) as { entries: EntryView[] }).entries;
    entries.push(...page);
    if (page.length < 200) return entries;
    before = page.at(-1)!.id;
  }
}
