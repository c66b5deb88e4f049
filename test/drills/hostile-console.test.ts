import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../protocol/entry.ts';
import { revealInvisible } from '../../protocol/visible-text.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { launchChromium } from '../support/browser.ts';
import { consoleWait, openConsole } from '../support/console-page.ts';
import { signInApi } from '../support/server-api.ts';
import { ROOT } from '../support/system.ts';
import { sendUntilAnswered } from './batch-sender.ts';
import { createDrillDatabase, startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill: hostile text stored through the real ingest route (with the gate's device token) and the
 * roster admin API, then read in the review console in Chromium as the community user: the entry
 * log, the contacts around a passage, the person search and timeline, and the fever list. Every
 * payload must show as text — the same characters in textContent — with no element injected, no
 * script run (the payloads set `window.__xss` or open a dialog) and no dialog opened. Strings the
 * schema caps, and NUL characters, are refused per record with the field named; the longest
 * allowed string is shown whole.
 */

const consoleDir = join(ROOT, 'dist/console');

const IMG = '<img src=x onerror="window.__xss=1;alert(1)">';
const SCRIPT = '<script>window.__xss=2;alert(2)</script>';
const SVG = '<svg onload="window.__xss=3"><iframe srcdoc="<script>parent.__xss=4</script>">';
/** Right-to-left override: "visitor gnp.exe" that reads as "exe.png". */
const BIDI = '访客\u202Egnp.exe';
/** PostgreSQL's text cannot hold U+0000: refused on both databases, with the field named. */
const NUL = '访客\u0000<b>粗</b>';
/** Subject names are capped at 100 characters: this is the longest one the schema takes. */
const LONGEST_NAME = `<marquee onstart="window.__xss=5">${'长'.repeat(100)}`.slice(0, 100);
const TEN_KB = `<script>window.__xss=6</script>${'x'.repeat(10 * 1024)}`;
/** Roster names are capped at 50. */
const ROSTER_NAME = '<img src=y onerror="window.__xss=7">张三';
/** A person id from a device is at most 64 characters and lands in links (`#/timeline?person=…`). */
const HOSTILE_PERSON_ID = '"><img src=z onerror=window.__xss=8>';

const SHOWN = [IMG, SCRIPT, SVG, BIDI, LONGEST_NAME];

/** Elements a payload would have made, across the page and every shadow root. */
function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot): void => {
      for (const element of root.querySelectorAll('*')) {
        const handlers = [...element.attributes].filter((attribute) => attribute.name.startsWith('on'));
        const tag = element.tagName.toLowerCase();
        const payloadTag =
          ['img', 'svg', 'iframe', 'b', 'marquee'].includes(tag) || (tag === 'script' && !element.hasAttribute('src'));
        if (handlers.length > 0 || payloadTag) found.push(element.outerHTML.slice(0, 120));
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

/** All text the console shows, through every shadow root (Playwright's locators pierce them). */
async function shownText(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).allTextContents()).join('\n');
}

describe.each(['sqlite', 'postgres'] as const)('hostile text in the review console, server on %s', (kind) => {
  if (!existsSync(join(consoleDir, 'index.html'))) throw new Error('console not built: run npm run build first');

  let server: ServerProcess;
  let cluster: PostgresCluster | null = null;
  let browser: Browser;
  const records: EntryRecord[] = [];
  let rosterPersonId = '';

  beforeAll(async () => {
    if (kind === 'postgres') cluster = await startPostgresCluster();
    server = await startServerProcess(
      cluster ? { databaseUrl: await createDrillDatabase(cluster, 'checkpoint_hostile_console') } : {},
    );
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await cluster?.stop();
  });

  it('refuses the oversize and NUL strings with the field named and stores the rest', async () => {
    const admin = server.accounts.find((account) => account.role === 'admin')!;
    const created = await fetch(`${server.url}/api/v1/admin/persons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await signInApi(server.url, admin) },
      body: JSON.stringify({ householdId: null, name: ROSTER_NAME, category: 'staff' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    rosterPersonId = ((await created.json()) as { id: string }).id;

    // Passages a minute apart at one gate, so each is a contact of the others.
    const now = Date.now();
    const at = (i: number): string => new Date(now - (10 - i) * 60_000 + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    const visitor = (name: string, i: number, fever = false): EntryRecord =>
      makeEntryRecord(server.gate, {
        occurredAt: at(i),
        subject: {
          category: 'visitor',
          personId: null,
          name,
          idHash: null,
          idMasked: '<i>1</i>',
          scan: { kind: 'unknown', text: name.slice(0, 512) },
        },
        guard: { id: null, name: SCRIPT },
        reason: IMG,
        visitor: { phone: '<b>1</b>', purpose: SVG, hostHouseholdId: null, passCode: null },
        readings: [{ valueC: fever ? 38.6 : 36.5, source: 'infrared', at: at(i), ambientC: 20 }],
        decision: fever ? 'referred' : 'admitted',
        flags: fever ? ['fever'] : [],
      });
    records.push(
      ...SHOWN.map((name, i) => visitor(name, i, i % 2 === 0)),
      makeEntryRecord(server.gate, {
        occurredAt: at(7),
        subject: { category: 'staff', personId: rosterPersonId, name: null, idHash: null, idMasked: null, scan: null },
        readings: [{ valueC: 38.9, source: 'infrared', at: at(7), ambientC: 20 }],
        decision: 'referred',
        flags: ['fever'],
      }),
      makeEntryRecord(server.gate, {
        occurredAt: at(8),
        subject: { category: 'unknown', personId: HOSTILE_PERSON_ID, name: null, idHash: null, idMasked: null, scan: null },
      }),
    );
    const tooLong = visitor(TEN_KB, 9);
    const withNul = visitor(NUL, 9);
    const answer = await sendUntilAnswered(server.url, server.gate.deviceToken, 'hostile-console', [
      ...records,
      tooLong,
      withNul,
    ]);
    expect(answer.results.slice(0, records.length).map((r) => r.status)).toEqual(records.map(() => 'stored'));
    expect(answer.results.slice(records.length)).toEqual([
      {
        index: records.length,
        id: tooLong.id,
        status: 'rejected',
        reason: expect.stringMatching(/100[\s\S]*→ at subject\.name$/),
      },
      { index: records.length + 1, id: withNul.id, status: 'rejected', reason: expect.stringMatching(/^subject\.name: .*NUL/) },
    ]);
    expect((await server.storedEntryIds()).sort()).toEqual(records.map((r) => r.id).sort());
  });

  it('shows every payload as text in the log, contacts, person views and fever list, and runs nothing', async () => {
    const staff = server.accounts.find((account) => account.role === 'community')!;
    const page = await openConsole(browser, server.url, staff, 'en');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const seen: Record<string, string> = {};
    const expectClean = async (view: string): Promise<void> => {
      expect(await injectedElements(page), view).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), view).toBeUndefined();
    };

    await page.goto(`${server.url}/#/entries`);
    await expect.poll(() => page.locator('cp-entry-log tbody tr').count(), consoleWait).toBe(records.length);
    seen.log = await shownText(page, 'cp-entry-log tbody');
    await expectClean('entry log');

    await page.goto(`${server.url}/#/contacts?entry=${records[0]!.id}`);
    await expect.poll(() => page.locator('cp-contacts tbody tr').count(), consoleWait).toBeGreaterThanOrEqual(SHOWN.length);
    seen.contacts = await shownText(page, 'cp-contacts tbody');
    await expectClean('contacts');

    await page.goto(`${server.url}/#/timeline`);
    await page.locator('cp-person-timeline input[name=q]').fill('张三');
    await page.locator('cp-person-timeline button[type=submit]').click();
    await expect.poll(() => shownText(page, 'cp-person-timeline table'), consoleWait).toContain(ROSTER_NAME);
    await expectClean('person search');
    await page.goto(`${server.url}/#/timeline?person=${encodeURIComponent(rosterPersonId)}`);
    await expect.poll(() => shownText(page, 'cp-person-timeline .who'), consoleWait).toContain(ROSTER_NAME);
    await expectClean('timeline');

    // The hostile person id reaches the page as a link: following it shows it as text too.
    await page.goto(`${server.url}/#/entries`);
    await page.locator('cp-entry-log tbody a', { hasText: HOSTILE_PERSON_ID }).click();
    await expect.poll(() => page.evaluate(() => location.hash), consoleWait).toContain('timeline');
    await expectClean('hostile person link');

    await page.goto(`${server.url}/#/fevers`);
    const fevers = records.filter((record) => record.flags.includes('fever')).length;
    await expect.poll(() => page.locator('cp-fever-events article').count(), consoleWait).toBe(fevers);
    seen.fevers = await shownText(page, 'cp-fever-events article');
    await expectClean('fever list');

    // Invisible and direction-changing characters are shown by name (⟨U+202E⟩), never obeyed.
    for (const name of SHOWN) {
      expect(seen.log, 'entry log').toContain(revealInvisible(name));
      expect(seen.contacts, 'contacts').toContain(revealInvisible(name));
    }
    expect(seen.log).not.toContain('\u202E');
    expect(seen.contacts).not.toContain('\u202E');
    expect(seen.log).toContain(HOSTILE_PERSON_ID);
    expect(seen.log).toContain('<i>1</i>');
    for (const name of [IMG, SVG, LONGEST_NAME, ROSTER_NAME]) expect(seen.fevers, 'fever list').toContain(name);
    expect(dialogs).toEqual([]);
    console.info(
      `hostile-console drill (${kind}): ${records.length} hostile entries shown as text in 5 views, oversize and NUL refused, 0 elements injected, 0 scripts run`,
    );
    await page.close();
  }, 120_000);
});
