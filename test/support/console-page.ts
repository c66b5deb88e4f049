import type { Browser, Page } from 'playwright-core';

export const consoleWait = { timeout: 15_000 };

/**
 * Opens the review console in a fresh page on the compound's clock (the office PC's: figures
 * default to its local dates) and signs in through the page's own form.
 */
export async function openConsole(
  browser: Browser,
  url: string,
  account: { username: string; password: string },
  language: 'zh-CN' | 'en',
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
  await page.addInitScript((l) => localStorage.setItem('checkpoint.console.language', l), language);
  await page.goto(url);
  await page.locator('cp-sign-in input').nth(0).fill(account.username);
  await page.locator('cp-sign-in input').nth(1).fill(account.password);
  await page.locator('cp-sign-in button').first().click();
  await page.locator('nav a').first().waitFor(consoleWait);
  return page;
}
