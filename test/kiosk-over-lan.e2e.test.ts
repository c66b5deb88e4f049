import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateProcess, writeGateConfig, type GateProcess } from './drills/gate-process.ts';
import { startServerProcess, type ServerProcess } from './drills/server-process.ts';
import { CHROMIUM_PATH, launchChromium } from './support/browser.ts';
import { admitWithPass, gateLog, slow, startShift } from './support/kiosk-page.ts';
import { createLanNamespace, lanNamespaceUnavailable, type LanNamespace } from './support/lan-namespace.ts';
import { readDemo, type DemoAccount } from './support/parts.ts';
import { signInApi } from './support/server-api.ts';
import { ROOT, runCli } from './support/system.ts';

const shots = resolve(ROOT, 'test-results', 'kiosk-over-lan');
const unavailable = lanNamespaceUnavailable();

/**
 * Issue 15's "a kiosk on a separate machine can be paired and used over the LAN": Chromium runs in
 * a network namespace joined to this machine by a veth pair (a tablet on the gate's LAN: it cannot
 * reach this machine's loopback), the gate process listens on every interface as a LAN gate does.
 * The tablet opens the gate at its LAN address, pairs with the code `npm run gate -- pair` printed,
 * a guard signs in with their PIN (checked at the gate), one resident is screened through the
 * simulated kit, and the entry is in the gate's spool and on the community server; the gate's
 * heartbeat names the tablet on the server's fleet page as it was paired.
 */
describe.skipIf(unavailable !== null)(
  `a kiosk tablet on the gate's LAN${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let lan: LanNamespace;
    let server: ServerProcess;
    let gate: GateProcess;
    let configFile: string;
    let browser: Browser;

    beforeAll(async () => {
      mkdirSync(shots, { recursive: true });
      lan = createLanNamespace();
      server = await startServerProcess({ logLevel: 'warn' });
      const config = writeGateConfig(server, {
        host: '0.0.0.0',
        hostNames: ['gate.lan'],
        heartbeatMs: 1_000,
        // A gun calibrated today: without a record every reading says so, and the kiosk admits no one.
        thermometer: {
          kind: 'gun',
          calibration: { offsetC: 0, calibratedAt: new Date().toISOString(), by: 'test', method: 'blackbody', referenceC: 37 },
        },
      });
      configFile = config.configFile;
      gate = await startGateProcess(server.dataDir, server.url, config);
      // Playwright drives Chromium over pipes, which `ip netns exec` hands down unchanged.
      browser = await launchChromium({ executablePath: lan.chromiumWrapper(CHROMIUM_PATH) });
    }, 180_000);

    afterAll(async () => {
      try {
        await browser?.close();
        await gate?.stop();
        await server?.stop();
      } finally {
        lan?.remove();
      }
    });

    const form = (page: Page) => page.locator('checkpoint-kiosk [data-test="pairing"]');

    it('pairs with the code the gate printed, signs a guard in, and screens a resident into the spool and the server', async () => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 600 } });
      try {
        // The browser is on the other machine: the gate's loopback address is not there.
        const loopbackPort = new URL(gate.url).port;
        const probe = await context.newPage();
        await expect(probe.goto(`http://127.0.0.1:${loopbackPort}/`)).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
        await probe.close();

        const page = await context.newPage();
        const gateLanUrl = `http://${lan.hostAddress}:${loopbackPort}`;
        await page.goto(`${gateLanUrl}/`);
        await form(page).waitFor(slow);
        const printed = await runCli('hardware/cli/gate-cli.ts', ['pair', '--config', configFile], {});
        expect(printed.code, printed.output).toBe(0);
        const code = /pairing code: (\d{6})/.exec(printed.output)?.[1];
        expect(code, printed.output).toBeDefined();
        await form(page).locator('input[name="code"]').fill(code!);
        await form(page).locator('input[name="name"]').fill('LAN tablet');
        await form(page).getByRole('button').click();
        await page.locator('checkpoint-kiosk kiosk-sign-in select').waitFor(slow);
        const screens = await runCli('hardware/cli/gate-cli.ts', ['screens', '--config', configFile], {});
        expect(screens.output).toContain('LAN tablet');

        const accounts = readDemo<DemoAccount[]>(server.dataDir, 'demo-accounts.json');
        await startShift(page, accounts);
        const resident = readDemo<{ name: string; pass: string }[]>(server.dataDir, 'demo-passes.json')[0]!;
        const before = new Set((await gateLog(gate.url)).map((entry) => entry.id));
        await admitWithPass(page, gate.url, resident);
        await page.screenshot({ path: resolve(shots, '1024x600-admitted-zh.png') });
        const added = (await gateLog(gate.url)).filter((entry) => !before.has(entry.id));
        expect(added).toHaveLength(1);
        await expect
          .poll(async () => (await server.storedEntryIds()).includes(added[0]!.id), { timeout: 60_000, interval: 250 })
          .toBe(true);
        expect(gate.spoolIds()).toContain(added[0]!.id);
        // The gate saw the screen at its LAN address, not as a local one.
        expect(gate.output()).toContain(`paired from ${lan.clientAddress}`);
        // Its heartbeat names the tablet on the server's fleet page as it was paired.
        const admin = await signInApi(
          server.url,
          accounts.find((a) => a.role === 'admin')!,
        );
        await expect
          .poll(async () => {
            const fleet = (await (await fetch(`${server.url}/api/v1/admin/fleet`, { headers: { cookie: admin } })).json()) as {
              gates: { deviceId: string; report: { screens: { name?: string }[] } | null }[];
            };
            return fleet.gates.find((g) => g.deviceId === server.gate.deviceId)?.report?.screens.map((s) => s.name);
          }, slow)
          .toEqual(['LAN tablet']);
      } finally {
        await context.close();
      }
    }, 180_000);
  },
);
