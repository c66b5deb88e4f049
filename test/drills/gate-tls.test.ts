import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCommunityTls } from '../../server/setup/community-tls.ts';
import { launchChromium } from '../support/browser.ts';
import { makeEntryRecord } from '../support/entry-record.ts';
import { pairPage } from '../support/gate-screen.ts';
import { ROOT } from '../support/system.ts';
import { handOverUntilAnswered, spoolStatus } from './batch-sender.ts';
import { startGateProcess, writeGateConfig, type GateProcess } from './gate-process.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const shots = resolve(ROOT, 'test-results', 'gate-tls');

/**
 * The gate→server link over real TLS: a server on the certificate `npm run tls -- init` made, and
 * gate processes whose gate.json names a CA file (`serverCa`). The community's CA: entries arrive.
 * Another community's CA: the gate refuses the server, sends nothing, and its kiosk says why.
 */
describe('the gate reaches its server over TLS, trusting only the CA in gate.json', () => {
  let server: ServerProcess;
  const gates: GateProcess[] = [];

  beforeAll(async () => {
    server = await startServerProcess({ tls: true, logLevel: 'warn' });
  }, 120_000);

  afterAll(async () => {
    for (const gate of gates) await gate.stop();
    await server?.stop();
  });

  /** A gate configured as a real one is, with its own data folder and gate.json naming `serverCa`. */
  async function gateTrusting(serverCa: string): Promise<GateProcess> {
    const gate = await startGateProcess(server.dataDir, server.url, writeGateConfig(server, { serverCa }));
    gates.push(gate);
    return gate;
  }

  it('sends every entry to a server whose certificate the community CA signed', async () => {
    expect(server.url).toMatch(/^https:/);
    const gate = await gateTrusting(server.tls!.caCert);
    const entries = Array.from({ length: 5 }, () => makeEntryRecord(server.gate));
    const { results } = await handOverUntilAnswered(gate.url, entries);
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('kept'));
    await expect
      .poll(
        async () => {
          const stored = new Set(await server.storedEntryIds());
          return entries.filter((entry) => stored.has(entry.id)).length;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe(5);
    await expect.poll(async () => (await spoolStatus(gate.url)).unsent, { timeout: 30_000 }).toBe(0);
    expect(await spoolStatus(gate.url)).toMatchObject({ lastError: null, serverCertificateRefused: false });
  }, 120_000);

  it('shows a refused certificate from the gate’s first call to the server, before any entry', async () => {
    const other = await initCommunityTls(mkdtempSync(join(tmpdir(), 'checkpoint-drill-tls-early-')), { community: 'Another' });
    const gate = await gateTrusting(other.files.caCert);
    // No entry handed over: the PIN list, the heartbeat and the roster are the gate's first calls.
    await expect
      .poll(async () => (await spoolStatus(gate.url)).serverCertificateRefused, { timeout: 30_000, interval: 250 })
      .toBe(true);
    const status = await spoolStatus(gate.url);
    expect(status).toMatchObject({ unsent: 0, serverUnreachable: true });
    expect(status.lastError).toMatch(/certificate is not trusted \(\w+\)/);
    expect(gate.output()).toMatch(/certificate is not trusted/);
  }, 120_000);

  it('refuses a server whose certificate another CA signed: nothing sent, and the kiosk says why', async () => {
    const other = await initCommunityTls(mkdtempSync(join(tmpdir(), 'checkpoint-drill-tls-other-')), { community: 'Another' });
    const gate = await gateTrusting(other.files.caCert);
    const entries = Array.from({ length: 3 }, () => makeEntryRecord(server.gate));
    const { results } = await handOverUntilAnswered(gate.url, entries);
    expect(results.map((r) => r.status)).toEqual(Array(3).fill('kept'));
    await expect
      .poll(async () => (await spoolStatus(gate.url)).serverCertificateRefused, { timeout: 60_000, interval: 250 })
      .toBe(true);
    const status = await spoolStatus(gate.url);
    expect(status).toMatchObject({ unsent: 3, serverUnreachable: true });
    expect(status.lastError).toMatch(/certificate is not trusted \(\w+\).*nothing was sent.*serverCa/);
    // Through several retries, and never by another road: none of them is on the server.
    await new Promise((done) => setTimeout(done, 3_000));
    const stored = new Set(await server.storedEntryIds());
    expect(entries.filter((entry) => stored.has(entry.id))).toEqual([]);
    expect((await spoolStatus(gate.url)).unsent).toBe(3);

    mkdirSync(shots, { recursive: true });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await pairPage(page, gate.url);
      await page.goto(`${gate.url}/`);
      const pill = page.locator('checkpoint-kiosk [data-test="sync-error"]');
      await expect.poll(() => pill.textContent(), { timeout: 30_000 }).toContain('社区服务器证书不可信');
      await page.screenshot({ path: resolve(shots, 'certificate-refused-zh.png') });
      await page.locator('checkpoint-kiosk header button.language').click();
      await expect.poll(() => pill.textContent(), { timeout: 10_000 }).toContain('Server certificate not trusted');
      await page.screenshot({ path: resolve(shots, 'certificate-refused-en.png') });
    } finally {
      await browser.close();
    }
  }, 180_000);
});
