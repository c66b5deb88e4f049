import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord, FleetView } from '../../protocol/index.ts';
import { launchChromium } from '../support/browser.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { journalBundle } from '../support/journal-bundle.ts';
import { admitWithPass, banner, journalStates, signInKiosk, slow } from '../support/kiosk-page.ts';
import { readDemo } from '../support/parts.ts';
import { allEntries, signInApi } from '../support/server-api.ts';
import { ROOT } from '../support/system.ts';
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../support/small-disk.ts';
import { LONG, spoolStatus, tally } from './batch-sender.ts';
import { startGateProcess, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/*
 * Drill (docs/operations.md, "A full disk"): the gate service's data folder is a small filesystem
 * of the drill's own (a size-limited tmpfs; mounting needs root, which CI has — without it the
 * drill skips and says so). The guard logs people through the kiosk; the disk fills; the kiosk
 * says plainly, in its own words, that the gate cannot save, and keeps what it logs in the
 * browser's IndexedDB journal; more entries are logged back to back through the kiosk's own
 * module meanwhile. Space comes back: the kiosk hands over what it held, the gate forwards it.
 * Every entry the kiosk said was logged is counted by id on the gate's spool and in the server's
 * database: lost 0, doubled 0. The long run fills and frees the disk several times.
 */

const CYCLES = LONG ? 5 : 1;
const WHILE_FULL = LONG ? 1_500 : 150;
const DISK_BYTES = 16 * 1024 * 1024;
const SHOTS = resolve(ROOT, 'test-results');

interface DemoPass {
  personId: string;
  name: string;
  pass: string;
}

async function gateMetric(gate: GateProcess, name: string): Promise<number> {
  const text = await (await fetch(`${gate.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not in the gate's /metrics`);
  return Number(line.split(' ')[1]);
}

describe.skipIf(smallDiskUnavailable !== null)(
  `the gate's disk full${smallDiskUnavailable ? ` (${smallDiskUnavailable})` : ''}`,
  () => {
    let server: ServerProcess;
    let gate: GateProcess;
    let disk: SmallDisk;
    let browser: Browser;
    let page: Page;
    let bundle: string;

    beforeAll(async () => {
      server = await startServerProcess({ logLevel: 'warn' });
      disk = mountSmallDisk(DISK_BYTES, undefined, join(server.dataDir, 'gate'));
      gate = await startGateProcess(server.dataDir, server.url, {
        spool: { probeMs: 200, baseBackoffMs: 100, maxBackoffMs: 1_000 },
        heartbeatMs: 1_000,
      });
      mkdirSync(SHOTS, { recursive: true });
      bundle = await journalBundle();
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await gate?.stop();
      await server?.stop();
      disk?.unmount();
    });

    /** Logs the records one after another through the kiosk's own module in the page; answers where each went. */
    async function logInPage(records: EntryRecord[]): Promise<string[]> {
      return page.evaluate(async (batch) => {
        type Journal = { append: (record: unknown) => Promise<void> };
        const kiosk = globalThis as unknown as {
          CheckpointJournal: { open: () => Promise<Journal> };
          CheckpointLogEntry: (journal: Journal, record: unknown) => Promise<{ where: string; gateDiskFull?: boolean }>;
        };
        const journal = await kiosk.CheckpointJournal.open();
        const where: string[] = [];
        for (const record of batch) {
          const logged = await kiosk.CheckpointLogEntry(journal, record);
          where.push(logged.where === 'screen' && logged.gateDiskFull ? 'screen-disk-full' : logged.where);
        }
        return where;
      }, records);
    }

    it(
      `keeps every logged entry through ${CYCLES} full disk(s), tells the guard, and sends each once space is back`,
      async () => {
        await signInKiosk(page, gate.url, server.accounts);
        const passes = readDemo<DemoPass[]>(server.dataDir, 'demo-passes.json');
        const seededOnServer = new Set(await server.storedEntryIds());
        const admin = server.accounts.find((account) => account.role === 'admin')!;
        const adminCookie = await signInApi(server.url, admin);
        const logged: string[] = [];
        await page.evaluate(bundle);
        let heldWhileFull = 0;

        for (let cycle = 0; cycle < CYCLES; cycle++) {
          // The same two residents each time (others on the demo roster need a guard's decision).
          const [person, next] = [passes[0]!, passes[1]!];
          // Room on the disk: a screening is logged at the gate.
          const before = new Set(gate.spoolIds());
          await admitWithPass(page, gate.url, person);
          expect(await banner(page)).not.toContain('磁盘已满');
          logged.push(...gate.spoolIds().filter((id) => !before.has(id)));

          disk.fill();
          await expect.poll(() => gateMetric(gate, 'checkpoint_gate_disk_full'), slow).toBe(1);

          // Back to back on the full disk. The spool may still take a few into the room its
          // write-ahead log already has (kept on disk: truly logged at the gate); then the gate
          // refuses, and each is held in the browser with the gate's reason.
          const records = Array.from({ length: WHILE_FULL }, () =>
            makeEntryRecord(server.gate, { occurredAt: new Date().toISOString() }),
          );
          const where = await logInPage(records);
          expect(where.at(-1), `cycle ${cycle}`).toBe('screen-disk-full');
          expect(where.filter((w) => w !== 'gate' && w !== 'screen-disk-full')).toEqual([]);
          const atGate = records.filter((_, i) => where[i] === 'gate').map((r) => r.id);
          const heldIds = records.filter((_, i) => where[i] === 'screen-disk-full').map((r) => r.id);
          expect(tally(atGate, gate.spoolIds())).toMatchObject({ lost: 0 });
          const spooled = gate.spoolIds().length;

          // The guard screens the next person: told in words that the gate cannot save, and the
          // person is still logged, held on this screen.
          await fetch(`${gate.url}/dock/scan`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: next.pass }),
          });
          await expect.poll(() => page.locator('[data-test="person-name"]').textContent(), slow).toBe(next.name);
          await fetch(`${gate.url}/dock/temperature`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ objectC: 36.4, ambientC: 22 }),
          });
          await expect.poll(() => banner(page), slow).toContain('闸机无法保存（磁盘已满），已暂存本机');
          expect(await banner(page)).toContain(next.name);
          await expect
            .poll(() => page.locator('[data-test="gate-disk-full"]').textContent(), slow)
            .toBe('闸机无法保存：磁盘已满');
          if (cycle === 0) {
            // As the guard sees it, in both languages and at both kiosk sizes (test-results/).
            for (const [width, height] of [
              [1280, 800],
              [1024, 600],
            ] as const) {
              await page.setViewportSize({ width, height });
              await page.screenshot({ path: resolve(SHOTS, `gate-disk-full-${width}x${height}-zh.png`) });
              await page.locator('header button[lang]').click();
              await expect
                .poll(() => page.locator('[data-test="gate-disk-full"]').textContent(), slow)
                .toBe('Gate cannot save: disk full');
              expect(await banner(page)).toContain('Gate disk full: held here');
              await page.screenshot({ path: resolve(SHOTS, `gate-disk-full-${width}x${height}-en.png`) });
              await page.locator('header button[lang]').click();
            }
          }
          const held = (await journalStates(page)).map((entry) => entry.id);
          const uiHeld = held.filter((id) => !heldIds.includes(id));
          expect(uiHeld).toHaveLength(1);
          expect(tally(heldIds, held)).toMatchObject({ lost: 0, doubled: 0 });
          expect(gate.spoolIds().length).toBe(spooled);
          logged.push(...atGate, ...held);
          heldWhileFull += held.length;

          // The screen tells its gate what it holds; the gate's heartbeat takes it to the Fleet page.
          await expect
            .poll(async () => {
              const fleet = (await (
                await fetch(`${server.url}/api/v1/admin/fleet`, { headers: { cookie: adminCookie } })
              ).json()) as FleetView;
              return fleet.gates.find((g) => g.deviceId === server.gate.deviceId)?.report?.screens.map((s) => s.holdingEntries);
            }, slow)
            .toContain(held.length);

          // Space comes back: the kiosk hands over what it held and says nothing of a full disk.
          disk.free();
          await expect.poll(async () => (await journalStates(page)).length, { timeout: 120_000 }).toBe(0);
          await expect.poll(() => page.locator('[data-test="gate-disk-full"]').count(), slow).toBe(0);
          await expect.poll(() => gateMetric(gate, 'checkpoint_gate_disk_full'), slow).toBe(0);
          expect(tally(logged, gate.spoolIds())).toMatchObject({ lost: 0, doubled: 0, strangers: 0 });
        }

        await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 120_000 }).toBe(0);
        expect((await spoolStatus(gate.url)).rejected).toBe(0);
        // Everything the kiosk said it logged, at the gate or held: at the gate once, on the server once.
        const verdict = { sent: logged.length, found: logged.length, lost: 0, doubled: 0, strangers: 0 };
        expect(tally(logged, gate.spoolIds())).toEqual(verdict);
        const onServer = (await server.storedEntryIds()).filter((id) => !seededOnServer.has(id));
        expect(tally(logged, onServer)).toEqual(verdict);
        const shown = (await allEntries(server.url, adminCookie))
          .map((entry) => entry.id)
          .filter((id) => !seededOnServer.has(id));
        expect(tally(logged, shown)).toEqual(verdict);
        console.info(
          `gate disk-full drill: ${CYCLES} full disk(s); ${heldWhileFull} entries logged while the gate could not save, held in the browser and handed over after; ` +
            `${logged.length} logged in all, on the gate ${logged.length}, on the server ${onServer.length}, lost 0, doubled 0`,
        );
      },
      LONG ? 1_200_000 : 300_000,
    );
  },
);
