import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DemoAccount } from './parts.ts';
import { runCli } from './system.ts';

export const slow = { timeout: 20_000 };

/** Opens the kiosk in a fresh browser context and starts a shift as the demo guard, with their PIN. */
export async function openKiosk(browser: Browser, gateUrl: string, accounts: DemoAccount[]): Promise<Page> {
  return signInKiosk(await browser.newPage({ viewport: { width: 1280, height: 900 } }), gateUrl, accounts);
}

export async function signInKiosk(page: Page, gateUrl: string, accounts: DemoAccount[]): Promise<Page> {
  const guard = accounts.find((a) => a.role === 'guard' && a.pin);
  if (!guard) throw new Error('the demo seed has no guard with a PIN');
  await page.goto(`${gateUrl}/`);
  await page.getByLabel('选择值班员').selectOption({ label: guard.displayName ?? guard.username });
  await page.getByLabel('PIN 码').fill(guard.pin!);
  await page.getByRole('button', { name: '上岗' }).click();
  await expect.poll(() => page.locator('[data-test="guard-name"]').textContent(), slow).toBe(guard.displayName ?? guard.username);
  await expect.poll(() => page.locator('[data-test="gate-link"]').textContent(), slow).toContain('已连接');
  return page;
}

/** Drives the simulated gate kit through its CLI: the bytes go through the real serial path. */
export async function dock(gateUrl: string, ...args: string[]): Promise<string> {
  const result = await runCli('hardware/dock-cli.ts', args, { CHECKPOINT_GATE_URL: gateUrl });
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
