import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ScreenPairing } from '../../hardware/pairing/screen-pairing.ts';

/** Each gate's test screen credential, by the gate's URL: tests talk to the gate as a paired screen. */
const credentials = new Map<string, string>();

/**
 * Pairs a screen as an operator would: a code from the gate's pairing file (what `npm run gate --
 * pair` prints), entered over HTTP; the gate's cookie is the credential. `gateDataDir` is the gate's
 * own data folder (the demo gate's is `<data>/gate`).
 */
export async function pairTestScreen(gateUrl: string, gateDataDir: string): Promise<string> {
  const known = credentials.get(gateUrl);
  if (known) return known;
  const pairing = new ScreenPairing(gateDataDir);
  let code: string;
  try {
    code = pairing.issueCode(new Date());
  } finally {
    pairing.close();
  }
  return pairWithCode(gateUrl, code);
}

/** Enters a pairing code as the kiosk page does, and keeps the credential for the test's requests. */
export async function pairWithCode(gateUrl: string, code: string): Promise<string> {
  const response = await fetch(`${gateUrl}/pairing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name: 'test screen' }),
  });
  const cookie = /checkpoint_screen=([\w-]+)/.exec(response.headers.get('set-cookie') ?? '');
  if (!response.ok || !cookie) throw new Error(`pairing with ${gateUrl} failed: ${response.status} ${await response.text()}`);
  credentials.set(gateUrl, cookie[1]!);
  return cookie[1]!;
}

export function demoGateDir(dataDir: string): string {
  return join(dataDir, 'gate');
}

function credential(gateUrl: string): string {
  const token = credentials.get(new URL(gateUrl).origin);
  if (!token) throw new Error(`no screen is paired with ${gateUrl} in this test`);
  return token;
}

/** The headers of the paired test screen. */
export function screenHeaders(gateUrl: string): Record<string, string> {
  return { authorization: `Bearer ${credential(gateUrl)}` };
}

/** fetch from the gate as its paired test screen. */
export function gateFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${credential(url)}`);
  return fetch(url, { ...init, headers });
}

/** Gives a browser page the paired screen's cookie, as the pairing form would have. */
export async function pairPage(page: Page, gateUrl: string): Promise<void> {
  await page.context().addCookies([{ name: 'checkpoint_screen', value: credential(gateUrl), url: gateUrl }]);
}
