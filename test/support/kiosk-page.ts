import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SpoolEntries } from '../../protocol/spool.ts';
import { gateFetch, pairPage } from './gate-screen.ts';
import type { DemoAccount } from './parts.ts';
import { runCli } from './system.ts';

export const slow = { timeout: 20_000 };

/** Opens the kiosk in a fresh browser context and starts a shift as the demo guard, with their PIN. */
export async function openKiosk(browser: Browser, gateUrl: string, accounts: DemoAccount[]): Promise<Page> {
  return signInKiosk(await browser.newPage({ viewport: { width: 1280, height: 900 } }), gateUrl, accounts);
}

export async function signInKiosk(page: Page, gateUrl: string, accounts: DemoAccount[]): Promise<Page> {
  await pairPage(page, gateUrl);
  await page.goto(`${gateUrl}/`);
  return startShift(page, accounts);
}

/** On a paired kiosk's sign-in form: the demo guard starts a shift with their PIN, and the kiosk is connected. */
export async function startShift(page: Page, accounts: DemoAccount[]): Promise<Page> {
  const guard = accounts.find((a) => a.role === 'guard' && a.pin);
  if (!guard) throw new Error('the demo seed has no guard with a PIN');
  await page.getByLabel('选择值班员').selectOption({ label: guard.displayName ?? guard.username });
  await page.getByLabel('PIN 码').fill(guard.pin!);
  await page.getByRole('button', { name: '上岗' }).click();
  await expect.poll(() => page.locator('[data-test="guard-name"]').textContent(), slow).toBe(guard.displayName ?? guard.username);
  await expect.poll(() => page.locator('[data-test="gate-link"]').textContent(), slow).toContain('已连接');
  return page;
}

/** Drives the simulated gate kit through its CLI: the bytes go through the real serial path. */
export async function dock(gateUrl: string, ...args: string[]): Promise<string> {
  const result = await runCli('hardware/cli/gate-cli.ts', args, { CHECKPOINT_GATE_URL: gateUrl });
  expect(result.code, result.output).toBe(0);
  return result.output;
}

export async function dockState(gateUrl: string): Promise<{ lights: { green: boolean; red: boolean }; buzzer: string }> {
  const response = await fetch(`${gateUrl}/dock/state`);
  return (await response.json()) as { lights: { green: boolean; red: boolean }; buzzer: string };
}

export function banner(page: Page): Promise<string | null> {
  return page.locator('[data-test="banner"]').textContent();
}

/** The dock's HTTP API, what the CLI calls, without starting a process per reading. */
export async function dockPost(gateUrl: string, path: 'scan' | 'temperature', body: unknown): Promise<void> {
  const response = await fetch(`${gateUrl}/dock/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`dock ${path}: ${response.status} ${await response.text()}`);
}

/** A resident shows their pass and a normal forehead reading: the kiosk admits and logs the entry at the gate. */
export async function admitWithPass(page: Page, gateUrl: string, person: { pass: string; name: string }): Promise<void> {
  const before = (await gateLog(gateUrl)).length;
  await dockPost(gateUrl, 'scan', { text: person.pass });
  await expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe(person.name);
  await dockPost(gateUrl, 'temperature', { objectC: 36.4, ambientC: 22 });
  await expect.poll(() => banner(page), slow).toContain(person.name);
  await expect.poll(async () => (await gateLog(gateUrl)).length, slow).toBe(before + 1);
}

/** Ids and states of every entry in the gate's spool (`GET /spool/entries`), oldest first. */
export async function gateLog(gateUrl: string): Promise<{ id: string; state: string }[]> {
  const response = await gateFetch(`${gateUrl}/spool/entries?since=${encodeURIComponent(new Date(0).toISOString())}`);
  if (!response.ok) throw new Error(`gate log: ${response.status} ${await response.text()}`);
  return SpoolEntries.parse(await response.json()).entries.map((entry) => ({ id: entry.record.id, state: entry.state }));
}

/** Ids and states of everything the kiosk's IndexedDB journal holds (entries held while the gate was away), read in the page. */
export function journalStates(page: Page): Promise<{ id: string; state: string }[]> {
  return page.evaluate(
    () =>
      new Promise<{ id: string; state: string }[]>((done, fail) => {
        const opening = indexedDB.open('checkpoint-kiosk');
        opening.onerror = () => fail(opening.error);
        opening.onsuccess = () => {
          const read = opening.result.transaction('entries').objectStore('entries').getAll();
          read.onerror = () => fail(read.error);
          read.onsuccess = () => {
            opening.result.close();
            done(
              (read.result as { record: { id: string }; state: string }[]).map((entry) => ({
                id: entry.record.id,
                state: entry.state,
              })),
            );
          };
        };
      }),
  );
}
