import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../../protocol/entry.ts';
import { enrollDevice } from '../../accounts/devices.ts';
import { createUser } from '../../accounts/sessions.ts';
import { ingestEntries } from '../../gates/ingest.ts';
import { DEMO_COMMUNITY_NAME } from '../../setup/demo-community.ts';
import { makeEntryRecord } from '../../../test/support/entry-record.ts';
import { addSecondStreet } from '../../../test/support/second-street.ts';
import { SHOTS as shots, slow as wait, startConsoleServer, type ConsoleServer } from '../test-support/console-server.ts';

/**
 * A street office's staff trace a courier through the compounds of their street: the person's
 * timeline and contacts show each passage's compound — the demo compound where the courier is on
 * the roster, and a second compound of the street where they passed as a visitor known only by
 * the hash of their ID card. The same courier's passages at a compound of another street never
 * show. Screenshots at both sizes in both languages land in test-results/.
 */
const STREET = { username: 'e2e-street', password: 'e2e-street-password', role: 'community' } as const;
const ID_HASH = 'cd'.repeat(32);
const OTHER_STREET_MARK = '乙街道小区';

describe('tracing a person across compounds in the console', () => {
  let server: ConsoleServer;
  let url: string;
  let courier: string;
  let courierName: string;

  beforeAll(async () => {
    server = await startConsoleServer({
      demo: true,
      accounts: [],
      prepare: async ({ db }) => {
        const at = new Date().toISOString();
        await createUser(db, { ...STREET, now: at, orgNodeId: 'org-street' });
        await addSecondStreet(db);
        await db
          .insertInto('communities')
          .values([
            { id: 'compound-east', name: '东湖小区', roster_version: 1, created_at: at, org_parent_id: 'org-community' },
            { id: 'compound-b', name: OTHER_STREET_MARK, roster_version: 1, created_at: at, org_parent_id: 'community-b' },
          ])
          .execute();
        await db
          .insertInto('gates')
          .values([
            { id: 'gate-east', community_id: 'compound-east', name: '东门', note: null },
            { id: 'gate-b', community_id: 'compound-b', name: '乙门', note: null },
          ])
          .execute();
        await enrollDevice(db, { deviceId: 'device-east', gateId: 'gate-east', now: at });
        await enrollDevice(db, { deviceId: 'device-b', gateId: 'gate-b', now: at });
      },
    });
    url = server.url;
    const { db } = server;
    const seeded = server.seeded!;
    const person = await db.selectFrom('persons').select(['id', 'name']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    courier = person.id;
    courierName = person.name;
    await db
      .updateTable('persons')
      .set({ id_hash: ID_HASH, id_masked: '420**************7' })
      .where('id', '=', courier)
      .execute();

    const now = Date.now();
    const at = (minutesAgo: number) => now - minutesAgo * 60_000;
    const passage = (
      gate: { id: string; gateId: string },
      ms: number,
      subject: { personId: string | null; name: string; idHash: string | null; category: 'resident' | 'visitor' },
    ): EntryRecord => {
      const local = new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
      return makeEntryRecord(
        { deviceId: gate.id, gateId: gate.gateId },
        {
          id: uuidv7({ msecs: ms }),
          occurredAt: local,
          subject: { ...subject, idMasked: subject.idHash ? '420**************7' : null, scan: null },
          readings: [{ valueC: 36.5, source: 'infrared', at: local, ambientC: 5 }],
        },
      );
    };
    const home = { id: seeded.gate.deviceId, gateId: seeded.gate.gateId, communityId: seeded.communityId };
    const east = { id: 'device-east', gateId: 'gate-east', communityId: 'compound-east' };
    const other = { id: 'device-b', gateId: 'gate-b', communityId: 'compound-b' };
    const traced = { personId: courier, name: courierName, idHash: ID_HASH, category: 'resident' as const };
    const asVisitor = { personId: null, name: courierName, idHash: ID_HASH, category: 'visitor' as const };
    await ingestEntries(
      db,
      home,
      [
        passage(home, at(240), traced),
        passage(home, at(236), { personId: null, name: '邻居甲', idHash: null, category: 'visitor' }),
      ],
      new Date().toISOString(),
    );
    await ingestEntries(
      db,
      east,
      [
        passage(east, at(120), asVisitor),
        passage(east, at(118), { personId: null, name: '东湖住户', idHash: null, category: 'visitor' }),
      ],
      new Date().toISOString(),
    );
    await ingestEntries(
      db,
      other,
      [
        passage(other, at(60), asVisitor),
        passage(other, at(59), { personId: null, name: '乙门住户', idHash: null, category: 'visitor' }),
      ],
      new Date().toISOString(),
    );
  }, 180_000);

  afterAll(() => server?.close());

  async function open(language: 'zh-CN' | 'en', viewport: { width: number; height: number }): Promise<Page> {
    const { page } = await server.open(STREET, { language, viewport });
    await page.goto(url);
    await page.locator('nav a').first().waitFor(wait);
    return page;
  }

  for (const language of ['zh-CN', 'en'] as const) {
    for (const viewport of [
      { width: 1024, height: 600 },
      { width: 1280, height: 800 },
    ]) {
      it(`shows the courier's passages and contacts in both of the street's compounds, ${language} ${viewport.width}×${viewport.height}`, async () => {
        const page = await open(language, viewport);
        await page.goto(`${url}/#/timeline?person=${courier}`);
        await page.reload();
        const rows = page.locator('cp-person-timeline tbody tr');
        await expect.poll(() => rows.count(), wait).toBe(2);
        const compounds = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td .compound')?.textContent));
        expect(compounds).toEqual([DEMO_COMMUNITY_NAME, '东湖小区']);
        expect(await page.locator('cp-person-timeline .traced').count()).toBe(1);
        expect(await page.locator('cp-person-timeline').evaluate((el) => el.shadowRoot!.textContent)).not.toContain(
          OTHER_STREET_MARK,
        );
        await page.screenshot({ path: join(shots, `trace-timeline-${language}-${viewport.width}.png`), fullPage: true });

        await page.goto(`${url}/#/contacts?person=${courier}&minutes=15&days=14`);
        await page.reload();
        const tables = page.locator('cp-contacts table');
        await expect.poll(() => tables.count(), wait).toBe(2);
        await expect.poll(() => tables.nth(1).locator('tbody tr').count(), wait).toBe(2);
        const contactText = await page.locator('cp-contacts').evaluate((el) => el.shadowRoot!.textContent ?? '');
        expect(contactText).toContain('东湖住户');
        expect(contactText).toContain('邻居甲');
        expect(contactText).not.toContain('乙门住户');
        expect(contactText).not.toContain(OTHER_STREET_MARK);
        await page.screenshot({ path: join(shots, `trace-contacts-${language}-${viewport.width}.png`), fullPage: true });
        await page.close();
      });
    }
  }
});
